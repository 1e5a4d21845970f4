using System.Diagnostics;
using System.Text.Json;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Cli;

[Collection(MotoTests.Collection)]
public sealed class CliReplayTests(MotoServer moto, ReplayWorld world, ITestOutputHelper output) : IClassFixture<ReplayWorld>
{
    [Fact]
    public async Task Replay_delivers_every_object_of_every_listing_page_exactly_once_and_a_second_replay_adds_nothing()
    {
        await world.EnsureAsync(moto);

        var clock = Stopwatch.StartNew();
        var first = await ReplayAsync("--parallelism", "256");
        var firstSeconds = clock.Elapsed.TotalSeconds;

        Assert.True(first.Exit == 0, first.ToString());
        using (var summary = JsonDocument.Parse(first.Out))
        {
            var s = summary.RootElement;
            Assert.Equal(3, s.GetProperty("pages").GetInt64());
            Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, s.GetProperty("listed").GetInt64());
            Assert.Equal(ReplayWorld.MalformedKeys.Length, s.GetProperty("rejected").GetInt64());
            Assert.Equal(ReplayWorld.Objects, s.GetProperty("delivered").GetInt64());
            Assert.Equal(0, s.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, s.GetProperty("failed").GetInt64());
            Assert.Equal(ReplayWorld.Objects * ReplayWorld.EventsPerObject, s.GetProperty("events").GetInt64());
            Assert.Equal(
                ReplayWorld.MalformedKeys.Order(StringComparer.Ordinal),
                s.GetProperty("rejections").EnumerateArray().Select(r => r.GetProperty("key").GetString()!).Order(StringComparer.Ordinal));
        }

        await AssertEveryMessageExactlyOnceAsync();

        clock.Restart();
        var second = await ReplayAsync("--parallelism", "256");
        var secondSeconds = clock.Elapsed.TotalSeconds;

        Assert.True(second.Exit == 0, second.ToString());
        using (var summary = JsonDocument.Parse(second.Out))
        {
            var s = summary.RootElement;
            Assert.Equal(0, s.GetProperty("delivered").GetInt64());
            Assert.Equal(ReplayWorld.Objects, s.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, s.GetProperty("events").GetInt64());
        }

        await AssertEveryMessageExactlyOnceAsync();
        output.WriteLine($"replay of {ReplayWorld.Objects} objects (3 pages): first {firstSeconds:0.0} s, second {secondSeconds:0.0} s");
    }

    [Fact]
    public async Task Replay_dry_run_lists_every_page_and_delivers_nothing()
    {
        await world.EnsureAsync(moto);
        var before = await CountEventsAsync();

        var result = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--dry-run", "--json");

        Assert.True(result.Exit == 0, result.ToString());
        using var summary = JsonDocument.Parse(result.Out);
        var s = summary.RootElement;
        Assert.Equal(3, s.GetProperty("pages").GetInt64());
        Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, s.GetProperty("listed").GetInt64());
        Assert.Equal(ReplayWorld.Objects, s.GetProperty("toDeliver").GetInt64());
        Assert.Equal(ReplayWorld.Objects / 2, s.GetProperty("perTenant").GetProperty("replay-a").GetInt64());
        Assert.Equal(0, s.GetProperty("delivered").GetInt64());
        Assert.Equal(0, s.GetProperty("duplicates").GetInt64());
        Assert.Equal(before, await CountEventsAsync());

        var table = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "replay-b/", "--dry-run");
        Assert.True(table.Exit == 0, table.ToString());
        Assert.Contains("listed 1250, matched 1250, delivered 0", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_counts_objects_outside_the_time_window_without_delivering_them()
    {
        await world.EnsureAsync(moto);

        var result = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--since", "1d", "--until", "2d", "--json");

        Assert.Equal(2, result.Exit);
        var future = await CliRun.RunAsync(world.CliSettings, "replay", "--bucket", world.Bucket, "--prefix", "", "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"), "--dry-run", "--json");
        Assert.True(future.Exit == 0, future.ToString());
        using var summary = JsonDocument.Parse(future.Out);
        Assert.Equal(0, summary.RootElement.GetProperty("matched").GetInt64());
        Assert.Equal(ReplayWorld.Objects + ReplayWorld.MalformedKeys.Length, summary.RootElement.GetProperty("outsideWindow").GetInt64());
    }

    private Task<CliResult> ReplayAsync(params string[] extra) =>
        CliRun.RunAsync(world.CliSettings, ["replay", "--bucket", world.Bucket, "--prefix", "", "--json", .. extra]);

    private async Task AssertEveryMessageExactlyOnceAsync()
    {
        foreach (var (account, expected) in world.ExpectedMessages)
        {
            var logs = await MotoLogs.ReadAccountAsync(world.Moto, account);
            var actual = logs.Values.SelectMany(events => events).Select(e => e.Message).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual);
        }
    }

    private async Task<long> CountEventsAsync()
    {
        long count = 0;
        foreach (var account in world.ExpectedMessages.Keys)
        {
            var logs = await MotoLogs.ReadAccountAsync(world.Moto, account);
            count += logs.Values.Sum(events => events.Count);
        }

        return count;
    }
}
