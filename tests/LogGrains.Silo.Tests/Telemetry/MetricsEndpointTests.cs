using LogGrains.Grains.Metrics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using LogGrains.Silo.Hosting;
using LogGrains.Silo.Telemetry;
using LogGrains.Testing;

namespace LogGrains.Silo.Tests.Telemetry;

[Collection(ProcessWideMetrics.Name)]
public sealed partial class MetricsEndpointTests : IDisposable
{
    private const string Events = "loggrains_delivered_events_total";
    private const string Bytes = "loggrains_delivered_bytes_total";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-metrics-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Metrics_carry_each_tenants_delivered_events_and_bytes_and_Orleans_own_metrics()
    {
        await using var silo = await new LocalTestSilo(_root).StartAsync();
        await silo.WaitUntilStagingEmptyAsync();
        var acme = await silo.StatsAsync("acme-corp");
        var globex = await silo.StatsAsync("globex");
        Assert.True(acme.Events > 0 && globex.Events > 0, "the samples delivered no events");
        Assert.Equal(silo.LoggedEvents("acme-corp"), acme.Events);
        Assert.Equal(silo.LoggedEvents("globex"), globex.Events);

        IReadOnlyList<PrometheusSample> samples = [];
        await LocalTestSilo.WaitUntilAsync(
            async () =>
            {
                samples = await silo.ScrapeAsync();
                return Value(samples, Events, "acme-corp") == acme.Events && Value(samples, Events, "globex") == globex.Events
                    && Value(samples, Bytes, "acme-corp") == acme.Bytes && Value(samples, Bytes, "globex") == globex.Bytes
                    && samples.Any(s => s.Name == "loggrains_poller_messages_total" && s.Label("action") == "deleted" && s.Value >= 5);
            },
            $"/metrics to show {acme.Events} events and {acme.Bytes} bytes for acme-corp, {globex.Events} and {globex.Bytes} for globex, and the poller's 5 deleted messages");

        Assert.Equal(acme.Objects, Value(samples, "loggrains_delivered_objects_total", "acme-corp"));
        Assert.Equal(acme.Batches, Value(samples, "loggrains_batches_total", "acme-corp"));
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal) && s.Label("otel_scope_name") == "Microsoft.Orleans");
    }

    [Fact]
    public async Task With_MaxTenants_1_one_tenant_keeps_its_series_and_the_others_add_up_under_other()
    {
        string[] tenants = ["alpha-co", "beta-co", "gamma-co", "delta-co"];
        await LocalTestSilo.WriteTenantsAsync(_root, tenants);
        await using var silo = await new LocalTestSilo(_root, settings: new Dictionary<string, string?> { ["LogGrains:Metrics:MaxTenants"] = "1" }).StartAsync();
        for (var i = 0; i < tenants.Length; i++)
        {
            silo.Stage(tenants[i], "api", 3 + i, i * 10);
            silo.Stage(tenants[i], "worker", 2 + i, (i * 10) + 5);
        }

        await silo.WaitUntilStagingEmptyAsync();
        var stats = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            stats[tenant] = (await silo.StatsAsync(tenant)).Events;
            Assert.Equal(silo.LoggedEvents(tenant), stats[tenant]);
        }

        var total = stats.Values.Sum();
        IReadOnlyList<PrometheusSample> series = [];
        await LocalTestSilo.WaitUntilAsync(
            async () =>
            {
                series = [.. (await silo.ScrapeAsync()).Where(s => s.Name == Events)];
                return series.Sum(s => s.Value) == total;
            },
            $"/metrics to show {total} delivered events in all");

        Assert.Equal(2, series.Count);
        var other = Assert.Single(series, s => s.Label("tenant") == LogGrainsMetrics.OtherTenant);
        var named = Assert.Single(series, s => s.Label("tenant") != LogGrainsMetrics.OtherTenant);
        Assert.Contains(named.Label("tenant"), tenants);
        Assert.Equal(stats[named.Label("tenant")!], named.Value);
        Assert.Equal(stats.Where(s => s.Key != named.Label("tenant")).Sum(s => s.Value), other.Value);
    }

    [Fact]
    public async Task Every_loggrains_series_is_documented_and_the_pollers_fair_share_gauges_carry_the_tenant()
    {
        // A cap of one object per tenant makes the backlog wait in the poller, where the gauges see it.
        await using var silo = await new LocalTestSilo(_root, settings: new Dictionary<string, string?> { ["LogGrains:Poller:MaxInFlightPerTenant"] = "1" }).StartAsync();
        await silo.WaitUntilStagingEmptyAsync();
        for (var i = 0; i < 30; i++)
        {
            silo.Stage("acme-corp", "api", 20, i * 20);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        await LocalTestSilo.WaitUntilAsync(
            async () =>
            {
                foreach (var sample in await silo.ScrapeAsync())
                {
                    names.Add(sample.Name);
                    if (sample.Label("tenant") == "acme-corp" && sample.Value > 0)
                    {
                        seen.Add(sample.Name);
                    }
                }

                return seen.Contains("loggrains_poller_held") && seen.Contains("loggrains_poller_delivering") && seen.Contains("loggrains_poller_streams")
                    && seen.Contains("loggrains_poller_wait_seconds_count");
            },
            "/metrics to show acme-corp's objects held and in delivery in the poller, their streams, and their waits");
        await silo.WaitUntilStagingEmptyAsync();
        names.UnionWith((await silo.ScrapeAsync()).Select(s => s.Name));

        var documented = File.ReadAllText(RepositoryPaths.Of("docs", "OPERATIONS.md"));
        var undocumented = names
            .Where(n => n.StartsWith("loggrains_", StringComparison.Ordinal))
            .Select(n => HistogramSuffix().Replace(n, string.Empty))
            .Distinct()
            .Where(n => !documented.Contains($"`{n}`", StringComparison.Ordinal) && !documented.Contains($"`{n} ", StringComparison.Ordinal))
            .ToList();
        Assert.True(undocumented.Count == 0, $"series on /metrics that docs/OPERATIONS.md does not list: {string.Join(", ", undocumented)}");
    }

    [Fact]
    public async Task Orleans_instruments_keep_MaxOrleansSeries_series_and_sum_the_rest_while_LogGrains_instruments_keep_theirs()
    {
        const int TagSets = 40;
        await using var silo = await new LocalTestSilo(_root, settings: new Dictionary<string, string?> { ["LogGrains:Metrics:MaxOrleansSeries"] = "10" }).StartAsync();

        // Instruments on meters of the two names, as Orleans' and LogGrains' own are published.
        using var orleansMeter = new Meter(TelemetryExtensions.OrleansMeterName);
        using var logGrainsMeter = new Meter(LogGrainsMetrics.MeterName);
        var orleansProbe = orleansMeter.CreateCounter<long>("cardinality.probe.orleans");
        var logGrainsProbe = logGrainsMeter.CreateCounter<long>("cardinality.probe.loggrains");
        for (var i = 0; i < TagSets; i++)
        {
            orleansProbe.Add(1, new KeyValuePair<string, object?>("peer", $"silo-{i}"));
            logGrainsProbe.Add(1, new KeyValuePair<string, object?>("peer", $"silo-{i}"));
        }

        IReadOnlyList<PrometheusSample> samples = [];
        await LocalTestSilo.WaitUntilAsync(
            async () =>
            {
                samples = await silo.ScrapeAsync();
                return samples.Where(s => s.Name == "cardinality_probe_orleans_total").Sum(s => s.Value) == TagSets
                    && samples.Where(s => s.Name == "cardinality_probe_loggrains_total").Sum(s => s.Value) == TagSets;
            },
            $"/metrics to count {TagSets} for each probe");

        var orleans = samples.Where(s => s.Name == "cardinality_probe_orleans_total").ToList();
        Assert.Equal(10 + 1, orleans.Count); // the first ten tag sets, and the overflow series
        var overflow = Assert.Single(orleans, s => s.Label("otel_metric_overflow") == "true");
        Assert.Equal(TagSets - 10, overflow.Value);
        var logGrains = samples.Where(s => s.Name == "cardinality_probe_loggrains_total").ToList();
        Assert.Equal(TagSets, logGrains.Count);
        Assert.DoesNotContain(logGrains, s => s.Label("otel_metric_overflow") is not null);
    }

    [Theory]
    [InlineData("MaxTenants", "0")]
    [InlineData("MaxTenants", "-3")]
    [InlineData("MaxTenants", "many")]
    [InlineData("MaxOrleansSeries", "9")]
    [InlineData("MaxOrleansSeries", "100001")]
    [InlineData("MaxOrleansSeries", "many")]
    public void A_metrics_setting_out_of_its_range_stops_start_up_naming_the_setting(string setting, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloApp.Build([], builder =>
        {
            builder.Configuration["LogGrains:Local:Root"] = _root;
            builder.Configuration[$"LogGrains:Metrics:{setting}"] = value;
        }));

        Assert.Contains($"LogGrains:Metrics:{setting}", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, string tenant) =>
        samples.Where(s => s.Name == name && s.Label("tenant") == tenant).Sum(s => s.Value);
}
