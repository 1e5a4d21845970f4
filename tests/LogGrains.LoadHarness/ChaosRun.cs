using System.Diagnostics;
using System.Globalization;
using Amazon.SQS.Model;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;

namespace LogGrains.LoadHarness;

/// <summary>
/// The chaos run: objects staged at a steady rate for every stream while, one after the other, a silo is killed
/// with SIGKILL and restarted, 30 % of PutLogEvents are throttled and 5 % of S3, SQS and STS calls fail with 5xx,
/// DynamoDB is unreachable for 20 s, and all silos are restarted one at a time with SIGTERM (as Kubernetes rolls a
/// deployment). One more tenant's customer role refuses AssumeRole throughout. Afterwards every stream is compared
/// with what was staged, and the dead-letter queue is read.
/// </summary>
internal static class ChaosRun
{
    private const string BlockedExternalId = "not-the-external-id-the-tenant-configured";

    public static async Task RunAsync(HarnessOptions options, CancellationToken token)
    {
        var tenants = Enumerable.Range(0, options.Tenants).Select(t => $"tenant-{t:D3}").Append("tenant-blocked").ToList();
        var blocked = tenants[^1];
        var clock = Stopwatch.StartNew();
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var warm = Enumerable.Range(0, options.Warmup)
            .Select(i => new StagedObject(tenants[i % options.Tenants], $"warm-{i / options.Tenants % 10}", 10_000_000 + i, options.Events, options.MessageBytes, first + (i * 10_000L))).ToList();

        // Short retry settings, so that the blocked tenant's objects reach the DLQ within the run (the default 8 receives, but backoff from 1 s doubling to 15 s instead of 10 s to 15 min, and a 10 s cooldown instead of 2 min).
        var settings = new Dictionary<string, string?>
        {
            ["LogGrains:Poller:WaitTime"] = "00:00:05",
            ["LogGrains:Poller:RetryBackoffBase"] = "00:00:01",
            ["LogGrains:Poller:RetryBackoffMax"] = "00:00:15",
            ["LogGrains:Delivery:TenantBlockedCooldown"] = "00:00:10",
        };
        Console.WriteLine($"chaos: {options.Tenants} tenants × {options.Streams} streams + {blocked} (its role refuses AssumeRole), {options.Rate} objects/s for {options.FeedTime.TotalSeconds} s, {options.Silos} silos");
        await using var cluster = await SiloCluster.StartAsync(options, tenants, settings).ConfigureAwait(false);
        cluster.Proxy.TrustRole(SiloCluster.RoleOf(tenants.Count - 1), BlockedExternalId);
        var ledger = new RequestLedger(cluster.Proxy, clock);
        await using var sampler = new MetricsSampler(cluster, clock);
        using var uploader = new Uploader(cluster.Moto.Endpoint, cluster.Chain.Bucket, cluster.Chain.QueueUrl, cluster.Chain.DeadLetterQueueUrl);
        var marks = new List<Mark>();

        await uploader.FeedInWavesAsync(warm, options.Wave, token).ConfigureAwait(false);
        await ScaleRun.WaitDeliveredAsync(ledger, uploader, warm.Sum(o => (long)o.Events), TimeSpan.FromMinutes(5), token).ConfigureAwait(false);
        var start = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"warm at {start:F0} s; staging and injecting faults");

        var staged = new List<StagedObject>();
        var feed = FeedAsync(options, tenants, uploader, staged, first, token);
        var chaos = FaultsAsync(options, cluster, marks, clock, token);
        await Task.WhenAll(feed, chaos).ConfigureAwait(false);
        marks.Add(new Mark(clock.Elapsed.TotalSeconds, "staging ends"));

        var expected = staged.Where(o => o.Tenant != blocked).Sum(o => (long)o.Events) + warm.Sum(o => (long)o.Events);
        Console.WriteLine($"staged {staged.Count} objects; draining");
        var drained = await ScaleRun.WaitDeliveredAsync(ledger, uploader, expected, TimeSpan.FromMinutes(4), token).ConfigureAwait(false);
        var end = clock.Elapsed.TotalSeconds;
        marks.Add(new Mark(end, drained ? "drained" : "gave up waiting"));
        var harnessPeak = HarnessMemory.Now();

        var dead = await DeadLettersAsync(cluster).ConfigureAwait(false);
        var verify = await Verification.RunAsync(cluster.Moto.Endpoint, tenants, warm.Concat(staged), uploader.UploadedAtMs, ledger.Puts, new HashSet<string> { blocked }).ConfigureAwait(false);
        harnessPeak = harnessPeak.AfterVerification();
        var customerAssumes = ledger.AssumeRoles.Where(a => a.RoleArn != AwsProfileTestSettings.CentralRoleArn).ToList();
        var blockedObjects = staged.Count(o => o.Tenant == blocked);
        var numbers = staged.Where(o => o.Tenant != blocked).Select(o => o.Number).ToHashSet();
        var calls = ledger.Calls.Where(c => c.Seconds >= start).GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => (All: g.Count(), Faulted: g.Count(c => c.Fault is not null)));
        var table = new List<(string, string)>
        {
            ("command", $"chaos --tenants {options.Tenants} --streams {options.Streams} --events {options.Events} --rate {options.Rate} --feed-seconds {options.FeedTime.TotalSeconds} --warmup {options.Warmup} --silos {options.Silos}"),
            ("faults", string.Join("; ", marks.Select(m => $"{m.Seconds - start:F0} s {m.Label}"))),
            ("staged", $"{staged.Count} objects ({blockedObjects} of {blocked}), {staged.Sum(o => (long)o.Events):N0} events; drained {end - start:F0} s after staging began"),
            ("events expected / found (other tenants)", $"{verify.ExpectedEvents:N0} / {verify.FoundEvents:N0}"),
            ("lost events", $"{verify.LostEvents}{(verify.LostByTenant.Count > 0 ? " (" + string.Join(", ", verify.LostByTenant.Select(l => $"{l.Key}: {l.Value}")) + ")" : "")}"),
            ("duplicated events", $"{verify.DuplicatedEvents} in {verify.StreamsWithDuplicates} streams; accepted PutLogEvents requests that carried them (first + repeat): {verify.AcceptedRequestsWithDuplicates}"),
            ("streams equal (count + SHA-256)", $"{verify.StreamsEqual} of {verify.Streams}"),
            ("cross-tenant / misrouted / foreign events", $"{verify.CrossTenantEvents} / {verify.MisroutedEvents} / {verify.ForeignEvents}"),
            ($"{blocked}: events in CloudWatch", verify.EventsOfSkippedTenants.ToString(CultureInfo.InvariantCulture)),
            ($"{blocked}: objects in the DLQ", $"{dead.Count(d => d.Tenant == blocked)} of {blockedObjects}; reasons: {string.Join("; ", dead.Where(d => d.Tenant == blocked).GroupBy(d => d.Reason).Select(g => $"{g.Count()} × {g.Key}"))}"),
            ("other tenants' objects in the DLQ", string.Join("; ", dead.Where(d => d.Tenant != blocked).GroupBy(d => $"{d.Tenant}: {d.Reason}").Select(g => $"{g.Count()} × {g.Key}")) is { Length: > 0 } other ? other : "0"),
            ("customer AssumeRole calls", $"{customerAssumes.Count(a => a.Status == 200)} accepted, {customerAssumes.Count(a => a.Status != 200)} refused ({customerAssumes.Count(a => a.RoleArn == SiloCluster.RoleOf(tenants.Count - 1))} for {blocked})"),
            ("latency upload → ingested (other tenants)", $"p50 {verify.Latency(numbers, 0.5):F2} s, p99 {verify.Latency(numbers, 0.99):F2} s, max {verify.Latency(numbers, 1):F2} s"),
            ("peak RSS per silo (all incarnations)", string.Join(" / ", sampler.PeakRssBySlot().Values.Select(p => $"{p:F0} MiB"))),
            ("PutLogEvents limit violations", cluster.Proxy.Violations.Count.ToString(CultureInfo.InvariantCulture)),
            (HarnessMemory.Label, harnessPeak.ToString()),
        };
        table.AddRange(calls.Where(c => c.Value.Faulted > 0).Select(c => ($"faults injected: {c.Key}", $"{c.Value.Faulted} of {c.Value.All}")));
        table.AddRange(DynamoDbDuringOutage(ledger, marks));
        var results = new
        {
            options.Tenants, options.Streams, options.Events, options.Rate, FeedSeconds = options.FeedTime.TotalSeconds, options.Silos,
            Staged = staged.Count, BlockedObjects = blockedObjects, Verification = verify with { ObjectLatencySeconds = new Dictionary<int, double>() },
            DeadLetters = dead, Marks = marks.Select(m => new { Seconds = m.Seconds - start, m.Label }), Calls = calls.ToDictionary(c => c.Key, c => new { c.Value.All, c.Value.Faulted }),
            Samples = sampler.Samples, HarnessPeakRss = harnessPeak,
        };
        Report.Write(options.Output, "chaos", results, table, sampler.Samples, marks, start);
    }

    private static async Task FeedAsync(HarnessOptions options, List<string> tenants, Uploader uploader, List<StagedObject> staged, long first, CancellationToken token)
    {
        var streams = tenants.SelectMany(t => Enumerable.Range(0, t == tenants[^1] ? Math.Max(1, options.Streams / 10) : options.Streams).Select(s => (Tenant: t, Pod: $"pod-{s:D5}"))).ToList();
        var random = new Random(14);
        var clock = Stopwatch.StartNew();
        var next = 0;
        while (clock.Elapsed < options.FeedTime)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * options.Rate) - next;
            if (due > 0 && await uploader.QueuedAsync(token).ConfigureAwait(false) < options.Wave)
            {
                var batch = Enumerable.Range(0, due).Select(_ =>
                {
                    var (tenant, pod) = streams[random.Next(streams.Count)];
                    var n = staged.Count;
                    var o = new StagedObject(tenant, pod, n, options.Events, options.MessageBytes, first + (n * 1_000L));
                    staged.Add(o);
                    return o;
                }).ToList();
                await uploader.UploadAsync(batch, token).ConfigureAwait(false);
            }

            next += Math.Max(0, due);
            await Task.Delay(200, token).ConfigureAwait(false);
        }
    }

    private static async Task FaultsAsync(HarnessOptions options, SiloCluster cluster, List<Mark> marks, Stopwatch clock, CancellationToken token)
    {
        var feed = options.FeedTime;
        var origin = clock.Elapsed;
        async Task At(double fraction) => await Task.Delay(Max(TimeSpan.Zero, origin + (feed * fraction) - clock.Elapsed), token).ConfigureAwait(false);
        void Mark(string label)
        {
            marks.Add(new Mark(clock.Elapsed.TotalSeconds, label));
            Console.WriteLine($"  {DateTime.UtcNow:HH:mm:ss} +{(clock.Elapsed - origin).TotalSeconds:F0} s {label}");
        }

        await At(0.10).ConfigureAwait(false);
        await cluster.KillAsync(1).ConfigureAwait(false);
        Mark("kill -9 silo 1");
        await Task.Delay(TimeSpan.FromSeconds(15), token).ConfigureAwait(false);
        cluster.StartSlot(1);
        Mark("silo 1 restarted");
        await cluster.WaitReadyAsync(1, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
        Mark("silo 1 ready");

        await At(0.30).ConfigureAwait(false);
        cluster.Proxy.Inject(FaultRule.WithProbability("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 0.30));
        cluster.Proxy.Inject(FaultRule.WithProbability("s3", null, new FaultAction.Fail(AwsError.InternalError), 0.05, seed: 1));
        cluster.Proxy.Inject(FaultRule.WithProbability("sqs", null, new FaultAction.Fail(AwsError.ServiceUnavailable), 0.05, seed: 2));
        cluster.Proxy.Inject(FaultRule.WithProbability("sts", null, new FaultAction.Fail(AwsError.InternalError), 0.05, seed: 3));
        Mark("30% PutLogEvents throttled, 5% 5xx S3/SQS/STS");
        await Task.Delay(feed * 0.15, token).ConfigureAwait(false);
        cluster.Proxy.ClearFaults();
        Mark("throttling/5xx off");

        await At(0.50).ConfigureAwait(false);
        cluster.Proxy.Inject(FaultRule.Always("dynamodb", null, new FaultAction.Drop()));
        Mark("DynamoDB unreachable");
        await Task.Delay(TimeSpan.FromSeconds(20), token).ConfigureAwait(false);
        cluster.Proxy.ClearFaults();
        Mark("DynamoDB back");

        await At(0.65).ConfigureAwait(false);
        for (var slot = 0; slot < cluster.Processes.Count; slot++)
        {
            Mark($"SIGTERM silo {slot}");
            await cluster.TerminateAsync(slot, TimeSpan.FromSeconds(70)).ConfigureAwait(false);
            cluster.StartSlot(slot);
            await cluster.WaitReadyAsync(slot, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            Mark($"silo {slot} ready again");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>
    /// DynamoDB calls by operation while DynamoDB was unreachable, against the same span just before it: how much the
    /// silos' retries multiply the load on a store that is down.
    /// </summary>
    private static IEnumerable<(string, string)> DynamoDbDuringOutage(RequestLedger ledger, List<Mark> marks)
    {
        var down = marks.Single(m => m.Label == "DynamoDB unreachable").Seconds;
        var back = marks.Single(m => m.Label == "DynamoDB back").Seconds;
        var span = back - down;
        var during = ledger.CallsBetween(down, back).Where(c => c.Key.StartsWith("dynamodb:", StringComparison.Ordinal)).ToDictionary();
        var before = ledger.CallsBetween(down - span, down).Where(c => c.Key.StartsWith("dynamodb:", StringComparison.Ordinal)).ToDictionary();
        return during.Keys.Union(before.Keys).Order(StringComparer.Ordinal).Select(op => (
            $"{op} while DynamoDB was unreachable ({span:F0} s) / the {span:F0} s before",
            $"{during.GetValueOrDefault(op)} ({during.GetValueOrDefault(op) / span:F0}/s) / {before.GetValueOrDefault(op)} ({before.GetValueOrDefault(op) / span:F0}/s)"));
    }

    /// <summary>Every message of the DLQ: the tenant and reason the poller wrote in its attributes.</summary>
    private static async Task<List<DeadLetter>> DeadLettersAsync(SiloCluster cluster)
    {
        using var sqs = TestAws.Sqs(cluster.Moto.Endpoint);
        var result = new List<DeadLetter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var empty = 0; empty < 2;)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = cluster.Chain.DeadLetterQueueUrl,
                MaxNumberOfMessages = 10,
                MessageAttributeNames = ["All"],
                VisibilityTimeout = 600,
            }).ConfigureAwait(false);
            var messages = response.Messages ?? [];
            empty = messages.Count == 0 ? empty + 1 : 0;
            foreach (var message in messages.Where(m => seen.Add(m.MessageId)))
            {
                string? Attribute(string name) => message.MessageAttributes?.TryGetValue(name, out var v) == true ? v.StringValue : null;
                result.Add(new DeadLetter(Attribute("loggrains-tenant") ?? "(none)", Attribute("loggrains-reason") ?? "(no reason attribute)", Attribute("loggrains-object-key") ?? ""));
            }
        }

        return result;
    }

    private sealed record DeadLetter(string Tenant, string Reason, string ObjectKey);
}
