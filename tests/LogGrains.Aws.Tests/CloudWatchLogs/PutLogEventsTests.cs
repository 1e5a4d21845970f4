using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class PutLogEventsTests(MotoServer moto) : IAsyncLifetime
{
    private readonly CloudWatchLogsTarget _target = TestClients.Target();
    private AwsFaultProxy _proxy = null!;
    private CloudWatchLogsClient _client = null!;
    private string _group = null!;
    private string _stream = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _client = TestClients.Through(_proxy.Endpoint);
        _group = TestClients.GroupName();
        _stream = MotoServer.UniqueName("stream");
        await _client.CreateLogGroupAsync(_target, _group, CancellationToken.None);
        await _client.CreateLogStreamAsync(_target, _group, _stream, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Throttled_batch_driven_through_the_retry_is_stored_exactly_once()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var write = LogEventsBody.Of(_group, _stream, (now - 1, "first"), (now, "second"));
        _proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 3));
        var clock = new ImmediateTimeProvider();

        // Half of each full-jitter ceiling: a drawn delay under a millisecond makes no timer at all, and the count of
        // delays once came out one short with the shared random source.
        var retry = new CloudWatchLogsRetry(new CloudWatchLogsRetryOptions { MaxAttempts = 5 }, clock, static () => 0.5);

        var result = await retry.ExecuteAsync(ct => _client.PutLogEventsAsync(_target, write, 2, ct), CancellationToken.None);

        var calls = _proxy.RequestsTo("logs", "PutLogEvents");
        Assert.Equal([400, 400, 400, 200], calls.Select(c => c.StatusCode));
        Assert.Equal([TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400)], clock.Delays);
        Assert.False(result.HasRejectedEvents);
        var stored = await _client.GetLogEventsAsync(_target, _group, _stream, CancellationToken.None);
        Assert.Equal(["first", "second"], stored.Select(e => e.Message));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Retry_gives_up_after_max_attempts_with_the_throttling_error()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var write = LogEventsBody.Of(_group, _stream, (now, "never stored"));
        _proxy.Inject(FaultRule.Always("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling)));
        var retry = new CloudWatchLogsRetry(new CloudWatchLogsRetryOptions { MaxAttempts = 3 }, new ImmediateTimeProvider());

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() =>
            retry.ExecuteAsync(ct => _client.PutLogEventsAsync(_target, write, 1, ct), CancellationToken.None));

        Assert.Equal(CloudWatchLogsErrorKind.Throttled, error.Kind);
        Assert.Equal(3, _proxy.Count("logs", "PutLogEvents"));
        Assert.Empty(await _client.GetLogEventsAsync(_target, _group, _stream, CancellationToken.None));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Events_too_old_and_too_new_are_reported_while_the_fresh_ones_are_stored()
    {
        // Real CloudWatch refuses a batch spanning more than 24 h, so this mixed batch goes to moto directly;
        // the proxy (which enforces the limits) sees only AWS-legal batches in the next test.
        using var direct = TestClients.Through(moto.Endpoint);
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-15).ToUnixTimeMilliseconds();
        var fresh = now.ToUnixTimeMilliseconds();
        var future = now.AddHours(3).ToUnixTimeMilliseconds();
        var write = LogEventsBody.Of(_group, _stream, (old, "too old"), (fresh, "fresh 1"), (fresh, "fresh 2"), (future, "too new"));

        var result = await direct.PutLogEventsAsync(_target, write, 4, CancellationToken.None);

        // moto 5.2 reports the last too-old index (inclusive, 0); AWS documents an exclusive end (1).
        Assert.Equal(0, result.TooOldLogEventEndIndex);
        Assert.Equal(3, result.TooNewLogEventStartIndex);
        Assert.Null(result.ExpiredLogEventEndIndex);
        Assert.True(result.HasRejectedEvents);
        var stored = await direct.GetLogEventsAsync(_target, _group, _stream, CancellationToken.None);
        Assert.Equal(["fresh 1", "fresh 2"], stored.Select(e => e.Message));
    }

    [Fact]
    public async Task Rejections_in_batches_CloudWatch_accepts_are_reported_per_batch()
    {
        var now = DateTimeOffset.UtcNow;
        var oldBatch = LogEventsBody.Of(
            _group,
            _stream,
            (now.AddDays(-14).AddHours(-2).ToUnixTimeMilliseconds(), "too old"),
            (now.AddDays(-14).AddHours(1).ToUnixTimeMilliseconds(), "old but kept"));
        var newBatch = LogEventsBody.Of(
            _group,
            _stream,
            (now.ToUnixTimeMilliseconds(), "fresh"),
            (now.AddHours(3).ToUnixTimeMilliseconds(), "too new"));

        var oldResult = await _client.PutLogEventsAsync(_target, oldBatch, 2, CancellationToken.None);
        var newResult = await _client.PutLogEventsAsync(_target, newBatch, 2, CancellationToken.None);

        Assert.Equal(new PutLogEventsResult(null, 0, null), oldResult);
        Assert.Equal(new PutLogEventsResult(1, null, null), newResult);
        var stored = await _client.GetLogEventsAsync(_target, _group, _stream, CancellationToken.None);
        Assert.Equal(["old but kept", "fresh"], stored.Select(e => e.Message));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public void Rejected_info_is_parsed_with_all_three_indexes_and_unknown_fields_skipped()
    {
        var body = """
            {"nextSequenceToken":"1","extra":{"a":[1,2]},"rejectedLogEventsInfo":{"tooNewLogEventStartIndex":7,"tooOldLogEventEndIndex":2,"expiredLogEventEndIndex":1,"future":{"x":1}}}
            """u8;

        var result = CloudWatchLogsClient.ParsePutLogEventsResult(body);

        Assert.Equal(new PutLogEventsResult(7, 2, 1), result);
        Assert.Equal(PutLogEventsResult.AllAccepted, CloudWatchLogsClient.ParsePutLogEventsResult("""{"nextSequenceToken":"2"}"""u8));
        Assert.Equal(PutLogEventsResult.AllAccepted, CloudWatchLogsClient.ParsePutLogEventsResult("{}"u8));
    }

    [Fact]
    public async Task Put_into_a_deleted_group_fails_as_resource_not_found_naming_the_group()
    {
        using var raw = new LogGrains.Testing.Aws.SignedAwsHttp(moto.Endpoint, "logs");
        var (status, _) = await raw.PostJsonAsync("Logs_20140328.DeleteLogGroup", $$"""{"logGroupName":"{{_group}}"}""");
        Assert.Equal(200, status);
        var write = LogEventsBody.Of(_group, _stream, (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "lost?"));

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() =>
            _client.PutLogEventsAsync(_target, write, 1, CancellationToken.None));

        Assert.Equal(CloudWatchLogsErrorKind.ResourceNotFound, error.Kind);
        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("PutLogEvents", error.Operation);
        Assert.Equal(_group, error.LogGroupName);
        Assert.Equal(_stream, error.LogStreamName);
        Assert.Contains(_group, error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 400", error.Message, StringComparison.Ordinal);
        _proxy.AssertNoLimitViolations();
    }
}
