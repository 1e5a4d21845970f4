using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LogGrains.Testing.Aws;

namespace LogGrains.LoadHarness;

/// <summary>What CloudWatch Logs (moto) holds, compared stream by stream with what was staged.</summary>
internal sealed record VerificationResult(
    int Streams,
    int StreamsEqual,
    long ExpectedEvents,
    long FoundEvents,
    long LostEvents,
    long DuplicatedEvents,
    int StreamsWithDuplicates,
    int AcceptedRequestsWithDuplicates,
    long CrossTenantEvents,
    long MisroutedEvents,
    long ForeignEvents,
    Dictionary<int, double> ObjectLatencySeconds,
    Dictionary<string, long> LostByTenant,
    long EventsOfSkippedTenants);

internal static class Verification
{
    /// <summary>The p-quantile of the latencies of the objects in <paramref name="numbers"/>.</summary>
    public static double Latency(this VerificationResult result, IEnumerable<int> numbers, double p) =>
        Report.Percentile([.. numbers.Where(result.ObjectLatencySeconds.ContainsKey).Select(n => result.ObjectLatencySeconds[n]).Order()], p);

    /// <summary>
    /// Reads every stream of every tenant's account (with the account's <c>x-moto-account-id</c>) and compares, per
    /// (tenant, pod) stream, the count and a SHA-256 multiset digest of (timestamp, message) with the staged objects'.
    /// An event in a tenant's account that names another tenant is a cross-tenant event; one in another pod's stream is
    /// misrouted. Latency per object: its upload's end to the last ingestionTime of its events.
    /// </summary>
    /// <remarks>
    /// Events are digested page by page as they are read and then dropped: what stays is a count per staged event and
    /// a digest per stream, so a run of 100,000 objects is verified in a few hundred MB however many events it sent.
    /// The expected side is regenerated from each <see cref="StagedObject"/> the same way.
    /// </remarks>
    public static async Task<VerificationResult> RunAsync(
        Uri moto, IReadOnlyList<string> tenants, IEnumerable<StagedObject> staged, IReadOnlyDictionary<int, long> uploadedAtMs, IReadOnlyList<AcceptedPut> puts, ISet<string> skipTenants)
    {
        var objects = staged.ToDictionary(o => o.Number);
        var streams = new Dictionary<(string Tenant, string Pod), StreamTally>();
        foreach (var o in objects.Values)
        {
            if (!streams.TryGetValue((o.Tenant, o.Pod), out var tally))
            {
                streams[(o.Tenant, o.Pod)] = tally = new StreamTally(skipTenants.Contains(o.Tenant));
            }

            tally.Expect(o);
        }

        long cross = 0, misrouted = 0, foreign = 0;
        var lastIngestion = new ConcurrentDictionary<int, long>();
        for (var t = 0; t < tenants.Count; t++)
        {
            using var logs = new SignedAwsHttp(moto, "logs", accountId: SiloCluster.AccountOf(t));
            var tenant = tenants[t];
            var logStreams = new List<(string Group, string Stream)>();
            foreach (var group in await MotoLogs.PagedAsync(logs, "DescribeLogGroups", [], "logGroups", "logGroupName").ConfigureAwait(false))
            {
                foreach (var stream in await MotoLogs.PagedAsync(logs, "DescribeLogStreams", new() { ["logGroupName"] = group }, "logStreams", "logStreamName").ConfigureAwait(false))
                {
                    logStreams.Add((group, stream));
                }
            }

            await Parallel.ForEachAsync(logStreams, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (s, _) =>
            {
                await ForEachPageAsync(logs, s.Group, s.Stream, page =>
                {
                    foreach (var (timestamp, message, ingestion) in page)
                    {
                        if (StagedObject.Parse(message) is not { } p || !objects.TryGetValue(p.Number, out var o))
                        {
                            Interlocked.Increment(ref foreign);
                            continue;
                        }

                        if (p.Tenant != tenant || s.Group != $"/loggrains/{tenant}")
                        {
                            Interlocked.Increment(ref cross);
                        }

                        if (!s.Stream.StartsWith($"{StagedObject.Application}-{p.Pod}-", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref misrouted);
                        }

                        // Counted under the stream of the staged object its number names; a message whose text
                        // differs from that object's event (another tenant or pod included) changes the digest, so
                        // that stream does not compare equal.
                        var tally = streams[(o.Tenant, o.Pod)];
                        lock (tally)
                        {
                            tally.Found(o, p.Index, timestamp, message);
                        }

                        lastIngestion.AddOrUpdate(p.Number, ingestion, (_, last) => Math.Max(last, ingestion));
                    }
                }).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        long expectedEvents = 0, foundEvents = 0, lost = 0, duplicated = 0, skippedFound = 0;
        int compared = 0, equal = 0, streamsWithDuplicates = 0;
        var duplicatedEvents = new HashSet<(int Number, int Index)>();
        var lostByTenant = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var ((tenant, _), tally) in streams)
        {
            if (tally.Skipped)
            {
                skippedFound += tally.FoundEvents;
                continue;
            }

            compared++;
            expectedEvents += tally.ExpectedEvents;
            foundEvents += tally.FoundEvents;
            equal += tally.Equal ? 1 : 0;
            var (missing, extra) = tally.Compare(duplicatedEvents);
            lost += missing;
            if (missing > 0)
            {
                lostByTenant[tenant] = lostByTenant.GetValueOrDefault(tenant) + missing;
            }

            duplicated += extra;
            streamsWithDuplicates += extra > 0 ? 1 : 0;
        }

        var latencies = lastIngestion.Where(l => uploadedAtMs.ContainsKey(l.Key)).ToDictionary(l => l.Key, l => (l.Value - uploadedAtMs[l.Key]) / 1000.0);
        var requestsWithDuplicates = puts.Count(p => p.FirstEvent is { } first && duplicatedEvents.Contains(first));
        return new VerificationResult(
            compared, equal, expectedEvents, foundEvents, lost, duplicated, streamsWithDuplicates, requestsWithDuplicates, cross, misrouted, foreign, latencies, lostByTenant, skippedFound);
    }

    /// <summary>
    /// One (tenant, pod) stream's staged events against what was read back: how often each staged event was found,
    /// and an order-free digest of each side (the lane-wise sum of every event's SHA-256 of <c>timestamp \t message</c>),
    /// equal exactly when the same events arrived the same number of times, text included.
    /// </summary>
    private sealed class StreamTally(bool skipped)
    {
        private readonly Dictionary<int, byte[]> _seen = [];
        private readonly ulong[] _expectedDigest = new ulong[4];
        private readonly ulong[] _foundDigest = new ulong[4];

        public bool Skipped { get; } = skipped;

        public long ExpectedEvents { get; private set; }

        public long FoundEvents { get; private set; }

        public bool Equal => ExpectedEvents == FoundEvents && _expectedDigest.AsSpan().SequenceEqual(_foundDigest);

        public void Expect(StagedObject o)
        {
            ExpectedEvents += o.Events;
            if (Skipped)
            {
                return;
            }

            _seen[o.Number] = new byte[o.Events];
            for (var j = 0; j < o.Events; j++)
            {
                Add(_expectedDigest, o.Timestamp(j), o.Message(j));
            }
        }

        public void Found(StagedObject o, int index, long timestamp, string message)
        {
            FoundEvents++;
            if (Skipped)
            {
                return;
            }

            Add(_foundDigest, timestamp, message);
            if ((uint)index < (uint)o.Events)
            {
                ref var count = ref _seen[o.Number][index];
                count = (byte)Math.Min(count + 1, byte.MaxValue);
            }
        }

        /// <summary>Staged events never found, and finds beyond the first (each duplicated event is added to <paramref name="duplicated"/>).</summary>
        public (long Missing, long Extra) Compare(HashSet<(int Number, int Index)> duplicated)
        {
            long missing = 0, extra = 0;
            foreach (var (number, counts) in _seen)
            {
                for (var j = 0; j < counts.Length; j++)
                {
                    if (counts[j] == 0)
                    {
                        missing++;
                    }
                    else if (counts[j] > 1)
                    {
                        extra += counts[j] - 1;
                        duplicated.Add((number, j));
                    }
                }
            }

            return (missing, extra);
        }

        private static void Add(ulong[] digest, long timestamp, string message)
        {
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(Encoding.UTF8.GetBytes($"{timestamp}\t{message}"), hash);
            for (var lane = 0; lane < 4; lane++)
            {
                digest[lane] += BitConverter.ToUInt64(hash[(lane * 8)..]);
            }
        }
    }

    /// <summary>Reads one stream from its head, handing each page of events with their ingestionTime (moto stamps it when it accepts the PutLogEvents) to <paramref name="onPage"/>.</summary>
    private static async Task ForEachPageAsync(SignedAwsHttp logs, string group, string stream, Action<List<(long Timestamp, string Message, long Ingestion)>> onPage)
    {
        string? token = null;
        while (true)
        {
            var request = JsonSerializer.Serialize(new { logGroupName = group, logStreamName = stream, startFromHead = true, nextToken = token });
            var (status, text) = await logs.PostJsonAsync("Logs_20140328.GetLogEvents", request).ConfigureAwait(false);
            if (status != 200)
            {
                throw new InvalidOperationException($"GetLogEvents {group}/{stream} failed with HTTP {status}: {text}");
            }

            using var document = JsonDocument.Parse(text);
            var page = document.RootElement.GetProperty("events").EnumerateArray()
                .Select(e => (e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!, e.GetProperty("ingestionTime").GetInt64())).ToList();
            onPage(page);
            var next = document.RootElement.GetProperty("nextForwardToken").GetString();

            // moto returns up to 10,000 events a page and no byte cap: a shorter page is the last one.
            if (page.Count < 10_000 || next == token)
            {
                return;
            }

            token = next;
        }
    }
}
