using System.Text;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class CloudWatchLogsRoundTripTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;
    private CloudWatchLogsClient _client = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _client = TestClients.Through(_proxy.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task A_time_range_reads_back_only_the_events_inside_it_and_sends_the_range()
    {
        var target = TestClients.Target();
        var group = TestClients.GroupName();
        var stream = MotoServer.UniqueName("app-pod-2026-11-26");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (long, string)[] events = [(now - 4000, "before"), (now - 3000, "first in range"), (now - 2000, "last in range"), (now - 1000, "after")];
        await _client.CreateLogGroupAsync(target, group, CancellationToken.None);
        await _client.CreateLogStreamAsync(target, group, stream, CancellationToken.None);
        await _client.PutLogEventsAsync(target, LogEventsBody.Of(group, stream, events), events.Length, CancellationToken.None);

        // endTime is exclusive in CloudWatch (moto includes it): ask up to just past the last wanted event.
        var stored = await _client.GetLogEventsAsync(target, group, stream, now - 3000, now - 2000 + 1, 100, CancellationToken.None);

        Assert.Equal(["first in range", "last in range"], stored.Where(e => e.Timestamp <= now - 2000).Select(e => e.Message));
        Assert.DoesNotContain(stored, e => e.Message is "before" or "after");
        var read = _proxy.RequestsTo("logs", "GetLogEvents")[0];
        Assert.Contains($"\"startTime\":{now - 3000}", read.BodyText, StringComparison.Ordinal);
        Assert.Contains($"\"endTime\":{now - 2000 + 1}", read.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_put_into_a_new_group_and_stream_read_back_byte_for_byte()
    {
        var target = TestClients.Target();
        var group = TestClients.GroupName();
        var stream = MotoServer.UniqueName("app-pod-2026-11-26");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (long, string)[] events =
        [
            (now - 3000, "plain line"),
            (now - 2000, "she said \"hi\" and left \\ back"),
            (now - 2000, "emoji 😀🚀 and accents éàü and CJK 日志"),
            (now - 1000, "<script>alert('x')</script> & more &amp;"),
            (now, """{"level":"info","n":12345678901234567890,"msg":"a<b>&c","nested":{"z":1,"a":[true,null]}}"""),
            (now, "tab\tand\nnewline"),
        ];
        var write = LogEventsBody.Of(group, stream, events);

        Assert.True(await _client.CreateLogGroupAsync(target, group, CancellationToken.None));
        Assert.True(await _client.CreateLogStreamAsync(target, group, stream, CancellationToken.None));
        var result = await _client.PutLogEventsAsync(target, write, events.Length, CancellationToken.None);
        var stored = await _client.GetLogEventsAsync(target, group, stream, CancellationToken.None);

        Assert.False(result.HasRejectedEvents);
        Assert.Equal(events.Length, stored.Count);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].Item1, stored[i].Timestamp);
            Assert.Equal(Encoding.UTF8.GetBytes(events[i].Item2), Encoding.UTF8.GetBytes(stored[i].Message));
        }

        var put = Assert.Single(_proxy.RequestsTo("logs", "PutLogEvents"));
        Assert.Equal(LogEventsBody.Bytes(write), put.Body);
        Assert.Equal("logs", put.Info.Service);
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Creating_an_existing_group_or_stream_succeeds_and_reports_not_created()
    {
        var target = TestClients.Target();
        var group = TestClients.GroupName();

        Assert.True(await _client.CreateLogGroupAsync(target, group, CancellationToken.None));
        Assert.False(await _client.CreateLogGroupAsync(target, group, CancellationToken.None));
        Assert.True(await _client.CreateLogStreamAsync(target, group, "s", CancellationToken.None));
        Assert.False(await _client.CreateLogStreamAsync(target, group, "s", CancellationToken.None));

        Assert.Equal(2, _proxy.Count("logs", "CreateLogGroup"));
        Assert.Equal(2, _proxy.Count("logs", "CreateLogStream"));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Retention_policy_is_set_on_the_group()
    {
        var target = TestClients.Target();
        var group = TestClients.GroupName();
        await _client.CreateLogGroupAsync(target, group, CancellationToken.None);

        await _client.PutRetentionPolicyAsync(target, group, 14, CancellationToken.None);

        var request = Assert.Single(_proxy.RequestsTo("logs", "PutRetentionPolicy"));
        Assert.Equal(200, request.StatusCode);
        Assert.Contains("\"retentionInDays\":14", request.BodyText, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.PutRetentionPolicyAsync(target, group, 15, CancellationToken.None));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_missing_region_is_refused_before_anything_is_sent()
    {
        var group = TestClients.GroupName();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            _client.CreateLogGroupAsync(TestClients.Target(region: ""), group, CancellationToken.None));

        Assert.Empty(_proxy.Requests);
        _proxy.AssertNoLimitViolations();
    }
}
