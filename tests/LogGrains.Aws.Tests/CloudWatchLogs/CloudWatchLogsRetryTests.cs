using LogGrains.Aws.CloudWatchLogs;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

public sealed class CloudWatchLogsRetryTests
{
    private static readonly CloudWatchLogsRetryOptions Options = new()
    {
        MaxAttempts = 6,
        BaseDelay = TimeSpan.FromMilliseconds(100),
        MaxDelay = TimeSpan.FromMilliseconds(1000),
    };

    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(40, 1000)]
    public void Delay_ceiling_doubles_per_retry_up_to_the_cap(int retry, int ceilingMs)
    {
        var atTop = new CloudWatchLogsRetry(Options, null, () => 1.0);
        var atBottom = new CloudWatchLogsRetry(Options, null, () => 0.0);
        var halfway = new CloudWatchLogsRetry(Options, null, () => 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs), atTop.NextDelay(retry));
        Assert.Equal(TimeSpan.Zero, atBottom.NextDelay(retry));
        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs / 2.0), halfway.NextDelay(retry));
    }

    [Fact]
    public async Task Throttled_and_transient_failures_are_retried_with_jittered_delays_on_the_given_clock()
    {
        var clock = new ImmediateTimeProvider();
        var retry = new CloudWatchLogsRetry(Options, clock, () => 0.5);
        var attempts = 0;

        var result = await retry.ExecuteAsync(
            _ =>
            {
                attempts++;
                return attempts switch
                {
                    1 => throw Failure(CloudWatchLogsErrorKind.Throttled),
                    2 => throw Failure(CloudWatchLogsErrorKind.Transient),
                    3 => throw Failure(CloudWatchLogsErrorKind.Throttled),
                    _ => Task.FromResult("done"),
                };
            },
            CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(4, attempts);
        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], clock.Delays);
    }

    [Theory]
    [InlineData(CloudWatchLogsErrorKind.AccessDenied)]
    [InlineData(CloudWatchLogsErrorKind.ResourceNotFound)]
    [InlineData(CloudWatchLogsErrorKind.InvalidRequest)]
    [InlineData(CloudWatchLogsErrorKind.Other)]
    public async Task Other_kinds_fail_at_once(CloudWatchLogsErrorKind kind)
    {
        var retry = new CloudWatchLogsRetry(Options, new ImmediateTimeProvider());
        var attempts = 0;

        var error = await Assert.ThrowsAsync<CloudWatchLogsException>(() => retry.ExecuteAsync(
            _ =>
            {
                attempts++;
                throw Failure(kind);
            },
            CancellationToken.None));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Non_CloudWatch_exceptions_are_not_retried()
    {
        var retry = new CloudWatchLogsRetry(Options, new ImmediateTimeProvider());
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => retry.ExecuteAsync(
            _ =>
            {
                attempts++;
                throw new InvalidOperationException("bug");
            },
            CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task One_attempt_means_no_retry()
    {
        var retry = new CloudWatchLogsRetry(new CloudWatchLogsRetryOptions { MaxAttempts = 1 }, new ImmediateTimeProvider());
        var attempts = 0;

        await Assert.ThrowsAsync<CloudWatchLogsException>(() => retry.ExecuteAsync(
            _ =>
            {
                attempts++;
                throw Failure(CloudWatchLogsErrorKind.Throttled);
            },
            CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    private static CloudWatchLogsException Failure(CloudWatchLogsErrorKind kind) =>
        new(kind, "PutLogEvents", "us-east-1", 400, kind.ToString(), "injected", "/g", "s");
}
