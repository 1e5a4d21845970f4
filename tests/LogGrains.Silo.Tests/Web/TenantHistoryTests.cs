using System.Runtime.CompilerServices;
using LogGrains.Abstractions;
using LogGrains.Silo.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Web;

public sealed class TenantHistoryTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_sample_after_the_first_adds_the_growth_of_each_counter_per_second()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(15), Interval);

        history.Add(Start, [Entry("acme-corp", events: 100, bytes: 10_000, throttles: 1, rejects: 0)]);
        Assert.Empty(history.Of("acme-corp"));
        history.Add(Start.AddSeconds(2), [Entry("acme-corp", events: 120, bytes: 14_000, throttles: 5, rejects: 2)]);
        history.Add(Start.AddSeconds(4), [Entry("acme-corp", events: 160, bytes: 22_000, throttles: 5, rejects: 3)]);

        Assert.Equal(
            [
                new TenantSeriesPoint(Start.AddSeconds(2), 2, 10, 2_000, 2, 1),
                new TenantSeriesPoint(Start.AddSeconds(4), 2, 20, 4_000, 0, 0.5),
            ],
            history.Of("acme-corp"));
    }

    [Fact]
    public void A_counter_that_went_down_counts_as_no_growth_and_the_next_point_grows_from_the_lower_value()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(15), Interval);

        history.Add(Start, [Entry("acme-corp", events: 500, bytes: 5_000, throttles: 9, rejects: 4)]);
        history.Add(Start.AddSeconds(2), [Entry("acme-corp", events: 300, bytes: 6_000, throttles: 2, rejects: 4)]);
        history.Add(Start.AddSeconds(4), [Entry("acme-corp", events: 310, bytes: 6_100, throttles: 4, rejects: 4)]);

        Assert.Equal(
            [
                new TenantSeriesPoint(Start.AddSeconds(2), 2, 0, 500, 0, 0),
                new TenantSeriesPoint(Start.AddSeconds(4), 2, 5, 50, 1, 0),
            ],
            history.Of("acme-corp"));
    }

    [Fact]
    public void A_sample_after_a_gap_gives_one_point_averaged_over_the_whole_gap()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(15), Interval);

        history.Add(Start, [Entry("acme-corp", events: 0)]);
        history.Add(Start.AddSeconds(2), [Entry("acme-corp", events: 20)]);

        // Samples failed for 60 s.
        history.Add(Start.AddSeconds(62), [Entry("acme-corp", events: 620)]);

        var points = history.Of("acme-corp");
        Assert.Equal(2, points.Count);
        Assert.Equal((Start.AddSeconds(62), 60d, 10d), (points[1].At, points[1].SpanSeconds, points[1].EventsPerSecond));
    }

    [Fact]
    public void The_history_keeps_only_the_window_and_never_more_than_its_capacity()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(1), Interval);
        Assert.Equal(30, history.Capacity);

        for (var i = 0; i <= 100; i++)
        {
            history.Add(Start.AddSeconds(2 * i), [Entry("acme-corp", events: 10L * i)]);
        }

        var points = history.Of("acme-corp");
        Assert.Equal(30, points.Count);
        Assert.Equal(Start.AddSeconds(2 * 71), points[0].At);
        Assert.Equal(Start.AddSeconds(200), points[^1].At);
        Assert.All(points, p => Assert.Equal(5, p.EventsPerSecond));

        // Samples a little late: the ring still holds at most its capacity, and time drops what is older than the window.
        for (var i = 0; i < 40; i++)
        {
            history.Add(Start.AddSeconds(200 + (1.5 * (i + 1))), [Entry("acme-corp", events: 1_000 + i)]);
        }

        Assert.Equal(30, history.Of("acme-corp").Count);
        history.Add(Start.AddSeconds(400), [Entry("acme-corp", events: 2_000)]);
        var afterGap = history.Of("acme-corp");
        Assert.True(afterGap.Count <= 30);
        Assert.All(afterGap, p => Assert.True(Start.AddSeconds(400) - p.At < TimeSpan.FromMinutes(1), $"{p.At} is older than the window"));
    }

    [Fact]
    public void A_tenant_that_left_the_list_loses_its_history_and_an_unknown_tenant_has_none()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(15), Interval);
        history.Add(Start, [Entry("acme-corp", events: 0), Entry("globex", events: 0)]);
        history.Add(Start.AddSeconds(2), [Entry("acme-corp", events: 4), Entry("globex", events: 8)]);

        history.Add(Start.AddSeconds(4), [Entry("globex", events: 12)]);

        Assert.Empty(history.Of("acme-corp"));
        Assert.Empty(history.Of("initech"));
        Assert.Equal(["globex"], history.All().Select(t => t.Key));
        Assert.Equal([4d, 2d], history.All()[0].Value.Select(p => p.EventsPerSecond));
    }

    [Fact]
    public void The_sparkline_feed_has_each_tenants_events_per_second_as_unix_seconds_pairs()
    {
        var history = new TenantHistory(TimeSpan.FromMinutes(15), Interval);
        history.Add(Start, [Entry("globex", events: 0), Entry("acme-corp", events: 0)]);
        history.Add(Start.AddSeconds(2), [Entry("globex", events: 3), Entry("acme-corp", events: 1)]);

        var feed = TenantSparklines.Build(history, Start.AddSeconds(3));

        Assert.Equal((900d, 2d), (feed.HistorySeconds, feed.SampleIntervalSeconds));
        Assert.Equal(["acme-corp", "globex"], feed.Tenants.Select(t => t.Tenant));
        var at = Start.AddSeconds(2).ToUnixTimeSeconds();
        Assert.Equal([at, 0.5], feed.Tenants[0].Points.Single());
        Assert.Equal([at, 1.5], feed.Tenants[1].Points.Single());
    }

    [Fact]
    public void A_point_takes_the_bytes_the_memory_bound_counts()
    {
        Assert.Equal(TenantHistory.PointBytes, Unsafe.SizeOf<TenantSeriesPoint>());
        Assert.Equal(450, TenantHistory.PointsFor(new WebOptions().HistoryWindow, new WebOptions().SampleInterval));
    }

    [Fact]
    public async Task The_sampler_feeds_each_sample_into_its_history()
    {
        var time = new ManualTime(Start);
        var reader = new ScriptedStatsReader();
        using var sampler = new TenantRateSampler(
            reader, Options.Create(new WebOptions { SampleInterval = Interval, HistoryWindow = TimeSpan.FromMinutes(5) }), time, NullLogger<TenantRateSampler>.Instance);

        foreach (var events in new long[] { 0, 30, 50 })
        {
            reader.Set(("acme-corp", events, events * 100));
            await sampler.SampleAsync(CancellationToken.None);
            time.Advance(Interval);
        }

        Assert.Equal(150, sampler.History.Capacity);
        Assert.Equal([15d, 10d], sampler.History.Of("acme-corp").Select(p => p.EventsPerSecond));
    }

    [Theory]
    [InlineData("00:15:00", "00:00:02", null)]
    [InlineData("01:00:00", "00:00:02", null)]
    [InlineData("00:05:00", "00:00:00.100", "LogGrains:Web:HistoryWindow (00:05:00) holds more than 1800 samples of LogGrains:Web:SampleInterval (00:00:00.1000000) per tenant")]
    [InlineData("00:01:00", "00:00:40", "LogGrains:Web:HistoryWindow (00:01:00) must be at least twice LogGrains:Web:SampleInterval (00:00:40)")]
    [InlineData("00:00:30", "00:00:02", "LogGrains:Web:HistoryWindow")]
    public void The_history_window_is_checked_against_the_sample_interval(string window, string interval, string? failure)
    {
        var options = new WebOptions
        {
            HistoryWindow = TimeSpan.Parse(window, System.Globalization.CultureInfo.InvariantCulture),
            SampleInterval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture),
            RateWindow = TimeSpan.FromMinutes(2),
        };

        var result = new WebOptionsValidator().Validate(WebOptions.Section, options);

        if (failure is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failure, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    private static TenantStatsEntry Entry(string tenant, long events, long bytes = 0, long throttles = 0, long rejects = 0) =>
        new(tenant, new TenantStats { Events = events, Bytes = bytes, Throttles = throttles, Rejects = rejects });
}
