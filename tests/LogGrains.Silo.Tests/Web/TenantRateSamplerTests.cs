using LogGrains.Abstractions;
using LogGrains.Silo.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Web;

public sealed class TenantRateSamplerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ScriptedStatsReader _reader = new();

    [Fact]
    public async Task The_rate_is_the_counters_growth_over_the_window_divided_by_the_time_it_spans()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(30));

        await SampleAsync(sampler, ("acme-corp", 100, 10_000));
        await SampleAsync(sampler, ("acme-corp", 120, 14_000));
        await SampleAsync(sampler, ("acme-corp", 160, 22_000));

        var rate = sampler.Rates()["acme-corp"];
        Assert.Equal(new TenantRate(15, 3_000, 4), rate);
    }

    [Fact]
    public async Task Samples_older_than_the_window_stop_counting()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(10));

        // 50 events per sample for 5 samples (t = 0..8 s), then nothing more for 10 s.
        for (var i = 0; i < 5; i++)
        {
            await SampleAsync(sampler, ("acme-corp", 50L * i, 500L * i));
        }

        Assert.Equal(25, sampler.Rates()["acme-corp"].EventsPerSecond);
        for (var i = 0; i < 5; i++)
        {
            await SampleAsync(sampler, ("acme-corp", 200, 2_000));
        }

        Assert.Equal(new TenantRate(0, 0, 10), sampler.Rates()["acme-corp"]);
    }

    [Fact]
    public async Task A_tenant_first_seen_inside_the_window_is_measured_from_its_first_sample()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(30));

        await SampleAsync(sampler, ("acme-corp", 0, 0));
        await SampleAsync(sampler, ("acme-corp", 10, 100), ("globex", 1_000, 9_000));
        await SampleAsync(sampler, ("acme-corp", 20, 200), ("globex", 1_040, 9_400));

        var rates = sampler.Rates();
        Assert.Equal(new TenantRate(5, 50, 4), rates["acme-corp"]);
        Assert.Equal(new TenantRate(20, 200, 2), rates["globex"]);
    }

    [Fact]
    public async Task A_counter_that_went_down_counts_as_no_growth()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(30));

        await SampleAsync(sampler, ("acme-corp", 500, 5_000));
        await SampleAsync(sampler, ("acme-corp", 300, 3_000));

        Assert.Equal(new TenantRate(0, 0, 2), sampler.Rates()["acme-corp"]);
    }

    [Fact]
    public async Task One_sample_or_none_gives_no_rate_and_a_tenant_that_left_the_list_is_not_reported()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(30));
        Assert.Empty(sampler.Rates());

        await SampleAsync(sampler, ("acme-corp", 500, 5_000), ("globex", 1, 1));
        Assert.Equal(TenantRate.None, sampler.Rates()["acme-corp"]);

        await SampleAsync(sampler, ("acme-corp", 510, 5_100));
        Assert.Equal(["acme-corp"], sampler.Rates().Keys);
    }

    [Fact]
    public async Task The_wait_is_the_mean_wait_of_the_objects_started_in_the_window_and_none_when_none_started()
    {
        using var sampler = Sampler(window: TimeSpan.FromSeconds(30));

        foreach (var (waited, seconds) in new[] { (100L, 50.0), (104L, 50.5), (110L, 62.5) })
        {
            _reader.Set(("acme-corp", new TenantStats { Waited = waited, WaitSeconds = seconds }), ("globex", new TenantStats { Waited = 7, WaitSeconds = 3 }));
            await sampler.SampleAsync(CancellationToken.None);
            _time.Advance(Interval);
        }

        var rates = sampler.Rates();
        Assert.Equal(1.25, rates["acme-corp"].WaitSeconds);
        Assert.Null(rates["globex"].WaitSeconds);

        var report = TenantsReport.Build(
            [new TenantStatsEntry("acme-corp", new TenantStats()), new TenantStatsEntry("globex", new TenantStats())], rates, TimeSpan.FromSeconds(30), Interval, _time.GetUtcNow());
        Assert.Equal([1.25, null], report.Tenants.Select(t => t.WaitSeconds));
    }

    [Fact]
    public void The_report_turns_bytes_per_second_into_megabytes_and_sums_the_totals()
    {
        var entries = new[]
        {
            new TenantStatsEntry("acme-corp", new() { Events = 10, Bytes = 2_000_000, Batches = 2, Throttles = 1, Rejects = 3, DeadLetters = 1, LastDelivery = _time.GetUtcNow() }),
            new TenantStatsEntry("globex", new() { Events = 5, Bytes = 1_000, ConfigProblems = "s3: bucket_name is required" }),
        };
        var rates = new Dictionary<string, TenantRate> { ["acme-corp"] = new(4, 500_000, 10) };

        var report = TenantsReport.Build(entries, rates, TimeSpan.FromSeconds(30), Interval, _time.GetUtcNow());

        Assert.Equal((4d, 0.5d, 10d), (report.Tenants[0].EventsPerSecond, report.Tenants[0].MegabytesPerSecond, report.Tenants[0].RateSpanSeconds));
        Assert.Equal((0d, 0d), (report.Tenants[1].EventsPerSecond, report.Tenants[1].MegabytesPerSecond));
        Assert.Equal((2, 1, 15L, 2_001_000L, 2L, 1L, 3L, 1L), (report.Totals.Tenants, report.Totals.TenantsWithConfigProblems, report.Totals.Events, report.Totals.Bytes, report.Totals.Batches, report.Totals.Throttles, report.Totals.Rejects, report.Totals.DeadLetters));
        Assert.Equal(_time.GetUtcNow(), report.Totals.LastDelivery);
        Assert.Equal(30, report.WindowSeconds);
        Assert.Equal("dashboard/GrainState?grainType=LogGrains.Grains.TenantGrain&grainId=acme-corp", report.Tenants[0].GrainView);
    }

    private TenantRateSampler Sampler(TimeSpan window) =>
        new(_reader, Options.Create(new WebOptions { SampleInterval = Interval, RateWindow = window }), _time, NullLogger<TenantRateSampler>.Instance);

    /// <summary>Takes a sample of the given counters, then moves the clock one interval on.</summary>
    private async Task SampleAsync(TenantRateSampler sampler, params (string Tenant, long Events, long Bytes)[] tenants)
    {
        _reader.Set(tenants);
        await sampler.SampleAsync(CancellationToken.None);
        _time.Advance(Interval);
    }
}
