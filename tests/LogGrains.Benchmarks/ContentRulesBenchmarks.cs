using System.Buffers;
using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using LogGrains.Core.Batching;
using LogGrains.Core.Content;
using LogGrains.Core.Decoding;

namespace LogGrains.Benchmarks;

/// <summary>
/// What content rules cost: decode + plan + serialize Vector-shaped NDJSON records of which 1 % carry secrets (an e-mail,
/// a card number, an AWS access key id, a bearer token), without rules and with the built-in rule set (every built-in
/// but the opt-in <c>ipv4</c>). Added CPU per event = (mean with rules − mean without) / events.
/// </summary>
/// <remarks>
/// Run: <c>dotnet run -c Release -- --filter '*ContentRulesBenchmarks*'</c>, or <c>-- rules [rounds]</c> for
/// <see cref="RunAlternatingAsync"/>, which runs both cases alternately in one process (docs/PERFORMANCE.md).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ContentRulesBenchmarks
{
    /// <summary>Uncompressed size of the generated file.</summary>
    public const long FileBytes = 16L * 1024 * 1024;

    private const string Secrets = "user jane.doe@example.com paid with 4111 1111 1111 1111 key AKIAIOSFODNN7EXAMPLE auth Bearer abc.def-ghi ";

    private readonly ArrayBufferWriter<byte> _body = new(1_200_000);
    private byte[] _gzip = [];
    private ContentRules _rules = ContentRules.None;

    /// <summary>Whether the built-in rule set runs.</summary>
    [Params(false, true)]
    public bool BuiltInRules { get; set; }

    /// <summary>Generates the corpus once and compiles the rules.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var (gzip, events) = Corpus();
        _gzip = gzip;
        var names = Core.Content.BuiltInRules.Names.Where(n => n != Core.Content.BuiltInRules.Ipv4Name).Select(n => new RedactRuleSpec(n));
        if (BuiltInRules && !ContentRules.TryCompile(new ContentRuleSpec([], [], [.. names]), out _rules!, out var reasons))
        {
            throw new InvalidOperationException(string.Join("; ", reasons));
        }

        Console.WriteLine($"// corpus: {events:N0} events, 1 % with secrets, {gzip.Length:N0} gzip bytes; rules: {(BuiltInRules ? "built-ins" : "none")}");
    }

    /// <summary>Decode, filter, plan and serialize every PutLogEvents body; returns the events planned.</summary>
    [Benchmark]
    public async Task<long> DecodePlan() => await RunAsync(_gzip, _rules, _body).ConfigureAwait(false);

    /// <summary>The Vector corpus with the secrets line put at the start of every 100th message.</summary>
    public static (byte[] Gzip, int Events) Corpus()
    {
        var (plain, events, _) = VectorCorpus.Generate(RecordShape.Vector, Framing.Ndjson, FileBytes);
        string text;
        using (var input = new GZipStream(new MemoryStream(plain), CompressionMode.Decompress))
        using (var reader = new StreamReader(input, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i += 100)
        {
            lines[i] = lines[i].Replace("\"message\":\"", "\"message\":\"" + Secrets, StringComparison.Ordinal);
        }

        return (VectorNdjsonGzip(string.Join('\n', lines)), events);
    }

    /// <summary>The core pipeline of <see cref="CorePipeline"/> with the rules between decoder and planner.</summary>
    public static async Task<long> RunAsync(byte[] gzip, ContentRules rules, ArrayBufferWriter<byte> body)
    {
        using var input = new MemoryStream(gzip, writable: false);
        await using var reader = new VectorFileReader(input, VectorCorpus.EventTime);
        using var planner = new BatchPlanner(new BatchLimits(), CorePipeline.Now);
        using var filter = new ContentFilterSink(rules, planner);
        long events = 0;
        while (await reader.ReadAsync(filter).ConfigureAwait(false))
        {
            Drain();
        }

        planner.Complete();
        Drain();
        return events;

        void Drain()
        {
            while (planner.TryTakeBatch(out var batch))
            {
                using (batch)
                {
                    body.ResetWrittenCount();
                    batch.WriteRequestBody(body, "/loggrains/acme-corp", "payment-service-pod-2026-11-26");
                    events += batch.Count;
                }
            }
        }
    }

    /// <summary>
    /// Runs the two cases alternately in one process, <paramref name="rounds"/> times each, and prints the fastest and the
    /// median time of each and the CPU added per event: on the shared machine a process runs at one of two speeds for its
    /// life, and alternating in one process compares the two cases at the same speed.
    /// </summary>
    public static async Task RunAlternatingAsync(int rounds)
    {
        var (gzip, events) = Corpus();
        var names = Core.Content.BuiltInRules.Names.Where(n => n != Core.Content.BuiltInRules.Ipv4Name).Select(n => new RedactRuleSpec(n));
        if (!ContentRules.TryCompile(new ContentRuleSpec([], [], [.. names]), out var rules, out _))
        {
            throw new InvalidOperationException("the built-in rules do not compile");
        }

        var body = new ArrayBufferWriter<byte>(1_200_000);
        var without = new List<double>();
        var with = new List<double>();
        for (var i = 0; i < rounds + 3; i++)
        {
            var a = await TimeAsync(ContentRules.None).ConfigureAwait(false);
            var b = await TimeAsync(rules).ConfigureAwait(false);
            if (i >= 3)
            {
                without.Add(a);
                with.Add(b);
            }
        }

        without.Sort();
        with.Sort();
        var perEvent = 1000.0 / events;
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"content rules, {events:N0} Vector events (1 % with secrets), {rounds} alternating rounds: " +
            $"without {without[0]:F2} ms min / {without[rounds / 2]:F2} median, with built-ins {with[0]:F2} / {with[rounds / 2]:F2}; " +
            $"added {(with[0] - without[0]) * perEvent:F3} us/event (min), {(with[rounds / 2] - without[rounds / 2]) * perEvent:F3} us/event (median)"));

        async Task<double> TimeAsync(ContentRules set)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var planned = await RunAsync(gzip, set, body).ConfigureAwait(false);
            watch.Stop();
            if (planned != events)
            {
                throw new InvalidOperationException($"{planned} events planned of {events}");
            }

            return watch.Elapsed.TotalMilliseconds;
        }
    }

    private static byte[] VectorNdjsonGzip(string text)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }
}
