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
    /// (tenant, pod) stream, the count and SHA-256 of (timestamp, message) with the staged objects'. An event in a
    /// tenant's account that names another tenant is a cross-tenant event; one in another pod's stream is misrouted.
    /// Latency per object: its upload's end to the last ingestionTime of its events.
    /// </summary>
    public static async Task<VerificationResult> RunAsync(
        Uri moto, IReadOnlyList<string> tenants, IEnumerable<StagedObject> staged, IReadOnlyDictionary<int, long> uploadedAtMs, IReadOnlyList<AcceptedPut> puts, ISet<string> skipTenants)
    {
        var expected = staged.Where(o => !skipTenants.Contains(o.Tenant)).GroupBy(o => (o.Tenant, o.Pod)).ToDictionary(g => g.Key, g => g.ToList());
        var found = new ConcurrentDictionary<(string Tenant, string Pod), List<(long Timestamp, string Message, long Ingestion)>>();
        long cross = 0, misrouted = 0, foreign = 0;
        for (var t = 0; t < tenants.Count; t++)
        {
            using var logs = new SignedAwsHttp(moto, "logs", accountId: SiloCluster.AccountOf(t));
            var tenant = tenants[t];
            var streams = new List<(string Group, string Stream)>();
            foreach (var group in await MotoLogs.PagedAsync(logs, "DescribeLogGroups", [], "logGroups", "logGroupName").ConfigureAwait(false))
            {
                foreach (var stream in await MotoLogs.PagedAsync(logs, "DescribeLogStreams", new() { ["logGroupName"] = group }, "logStreams", "logStreamName").ConfigureAwait(false))
                {
                    streams.Add((group, stream));
                }
            }

            await Parallel.ForEachAsync(streams, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (s, _) =>
            {
                foreach (var e in await EventsAsync(logs, s.Group, s.Stream).ConfigureAwait(false))
                {
                    var parsed = StagedObject.Parse(e.Message);
                    if (parsed is not { } p)
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

                    var list = found.GetOrAdd((p.Tenant, p.Pod), _ => []);
                    lock (list)
                    {
                        list.Add(e);
                    }
                }
            }).ConfigureAwait(false);
        }

        long expectedEvents = 0, foundEvents = 0, lost = 0, duplicated = 0;
        var equal = 0;
        var streamsWithDuplicates = 0;
        var duplicatedMessages = new HashSet<string>(StringComparer.Ordinal);
        var lostByTenant = new Dictionary<string, long>(StringComparer.Ordinal);
        var lastIngestion = new Dictionary<int, long>();
        foreach (var (key, objects) in expected)
        {
            var want = objects.SelectMany(o => Enumerable.Range(0, o.Events).Select(j => (o.Timestamp(j), o.Message(j)))).ToList();
            var got = found.TryGetValue(key, out var list) ? list : [];
            expectedEvents += want.Count;
            foundEvents += got.Count;
            if (Hash(want) == Hash(got.Select(g => (g.Timestamp, g.Message))))
            {
                equal++;
            }

            var counts = got.GroupBy(g => g.Message).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var missing = want.Count(w => !counts.ContainsKey(w.Item2));
            lost += missing;
            if (missing > 0)
            {
                lostByTenant[key.Tenant] = lostByTenant.GetValueOrDefault(key.Tenant) + missing;
            }

            var extra = counts.Where(c => c.Value > 1).ToList();
            duplicated += extra.Sum(c => c.Value - 1);
            streamsWithDuplicates += extra.Count > 0 ? 1 : 0;
            duplicatedMessages.UnionWith(extra.Select(c => c.Key));
            foreach (var g in got)
            {
                if (StagedObject.Parse(g.Message) is { } p)
                {
                    lastIngestion[p.Number] = Math.Max(lastIngestion.GetValueOrDefault(p.Number), g.Ingestion);
                }
            }
        }

        var skippedFound = found.Where(f => skipTenants.Contains(f.Key.Tenant)).Sum(f => (long)f.Value.Count);
        var latencies = lastIngestion.Where(l => uploadedAtMs.ContainsKey(l.Key)).ToDictionary(l => l.Key, l => (l.Value - uploadedAtMs[l.Key]) / 1000.0);
        var requestsWithDuplicates = puts.Count(p => duplicatedMessages.Contains(p.FirstMessage));
        return new VerificationResult(
            expected.Count, equal, expectedEvents, foundEvents, lost, duplicated, streamsWithDuplicates, requestsWithDuplicates, cross, misrouted, foreign, latencies, lostByTenant, skippedFound);
    }

    private static string Hash(IEnumerable<(long Timestamp, string Message)> events) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", events.OrderBy(e => e.Timestamp).ThenBy(e => e.Message, StringComparer.Ordinal).Select(e => $"{e.Timestamp}\t{e.Message}")))));

    /// <summary>Every event of one stream with its ingestionTime (moto stamps it when it accepts the PutLogEvents).</summary>
    private static async Task<List<(long Timestamp, string Message, long Ingestion)>> EventsAsync(SignedAwsHttp logs, string group, string stream)
    {
        var events = new List<(long, string, long)>();
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
            events.AddRange(page);
            var next = document.RootElement.GetProperty("nextForwardToken").GetString();

            // moto returns up to 10,000 events a page and no byte cap: a shorter page is the last one.
            if (page.Count < 10_000 || next == token)
            {
                return events;
            }

            token = next;
        }
    }
}
