using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class ErrorClassificationTests(MotoServer moto) : IAsyncLifetime
{
    private readonly CloudWatchLogsTarget _target = TestClients.Target();
    private AwsFaultProxy _proxy = null!;
    private CloudWatchLogsClient _client = null!;

    public static TheoryData<string, int?, string?, CloudWatchLogsErrorKind> WireFaults => new()
    {
        { "throttling", 400, "ThrottlingException", CloudWatchLogsErrorKind.Throttled },
        { "sts-throttling", 400, "Throttling", CloudWatchLogsErrorKind.Throttled },
        { "429", 429, "TooManyRequests", CloudWatchLogsErrorKind.Throttled },
        { "500", 500, "InternalFailure", CloudWatchLogsErrorKind.Transient },
        { "503", 503, "ServiceUnavailableException", CloudWatchLogsErrorKind.Transient },
        { "drop", null, null, CloudWatchLogsErrorKind.Transient },
        { "access-denied", 400, "AccessDeniedException", CloudWatchLogsErrorKind.AccessDenied },
        { "expired-token", 400, "ExpiredTokenException", CloudWatchLogsErrorKind.AccessDenied },
        { "invalid-parameter", 400, "InvalidParameterException", CloudWatchLogsErrorKind.InvalidRequest },
    };

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _client = TestClients.Through(_proxy.Endpoint, requestTimeout: TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(WireFaults))]
    public async Task PutLogEvents_failure_on_the_wire_is_classified_and_not_retried_by_the_client(
        string fault, int? status, string? code, CloudWatchLogsErrorKind expected)
    {
        var group = TestClients.GroupName(fault);
        FaultAction action = status is null
            ? new FaultAction.Drop()
            : new FaultAction.Fail(new AwsError(code!, status.Value, $"injected {fault}"));
        _proxy.Inject(FaultRule.Always("logs", "PutLogEvents", action));
        var write = LogEventsBody.Of(group, "stream-1", (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "m"));

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() =>
            _client.PutLogEventsAsync(_target, write, 1, CancellationToken.None));

        Assert.Equal(expected, error.Kind);
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(group, error.LogGroupName);
        Assert.Contains("PutLogEvents", error.Message, StringComparison.Ordinal);
        Assert.Contains(group, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("testing", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _proxy.Count("logs", "PutLogEvents"));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_response_slower_than_the_request_timeout_is_a_transient_failure()
    {
        _proxy.Inject(FaultRule.Always("logs", "CreateLogGroup", new FaultAction.Delay(TimeSpan.FromSeconds(30))));
        using var noRetry = new CloudWatchLogsClient(
            new CloudWatchLogsClientOptions
            {
                ServiceUrl = _proxy.Endpoint,
                RequestTimeout = TimeSpan.FromMilliseconds(300),
                ControlPlaneRetry = new CloudWatchLogsRetryOptions { MaxAttempts = 1 },
            },
            logger: null,
            timeProvider: null,
            static _ => null,
            transportFactory: null);

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() =>
            noRetry.CreateLogGroupAsync(_target, TestClients.GroupName("slow"), CancellationToken.None));

        Assert.Equal(CloudWatchLogsErrorKind.Transient, error.Kind);
        Assert.Null(error.HttpStatus);
        Assert.Equal("RequestTimeout", error.ErrorCode);
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_turned_into_a_failure()
    {
        _proxy.Inject(FaultRule.Always("logs", "CreateLogGroup", new FaultAction.Delay(TimeSpan.FromSeconds(30))));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _client.CreateLogGroupAsync(_target, TestClients.GroupName("cancelled"), cancel.Token));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Create_calls_retry_throttling_a_few_times_on_their_own()
    {
        var group = TestClients.GroupName();
        _proxy.Inject(FaultRule.FirstN("logs", "CreateLogGroup", new FaultAction.Fail(AwsError.Throttling), 2));

        var created = await _client.CreateLogGroupAsync(_target, group, CancellationToken.None);

        Assert.True(created);
        var calls = _proxy.RequestsTo("logs", "CreateLogGroup");
        Assert.Equal([400, 400, 200], calls.Select(c => c.StatusCode));
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Access_denied_on_create_is_not_retried_and_names_the_group()
    {
        var group = TestClients.GroupName();
        _proxy.Inject(FaultRule.Always("logs", "CreateLogGroup", new FaultAction.Fail(AwsError.AccessDeniedException)));

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() =>
            _client.CreateLogGroupAsync(_target, group, CancellationToken.None));

        Assert.Equal(CloudWatchLogsErrorKind.AccessDenied, error.Kind);
        Assert.False(error.IsRetryable);
        Assert.Equal(group, error.LogGroupName);
        Assert.Equal(1, _proxy.Count("logs", "CreateLogGroup"));
        _proxy.AssertNoLimitViolations();
    }
}
