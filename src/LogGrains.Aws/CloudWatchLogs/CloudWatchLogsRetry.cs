using LogGrains.Core.Retry;
using Polly;
using Polly.Retry;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// Retries a CloudWatch Logs call that failed as <see cref="CloudWatchLogsErrorKind.Throttled"/> or
/// <see cref="CloudWatchLogsErrorKind.Transient"/>, with exponential backoff and full jitter: before retry
/// <c>n</c> (0-based) it waits a uniformly random time in <c>[0, min(MaxDelay, BaseDelay * 2^n)]</c>. Any other
/// error, and the caller's cancellation, end the call at once. Each attempt re-runs the operation, so a
/// request is signed again with a fresh timestamp. Delays run on the given <see cref="TimeProvider"/>.
/// </summary>
public sealed class CloudWatchLogsRetry
{
    private readonly CloudWatchLogsRetryOptions _options;
    private readonly Func<double> _random;

    /// <summary>Creates a retry policy.</summary>
    /// <param name="options">Attempts and delays; defaults when null.</param>
    /// <param name="timeProvider">The clock the delays run on; <see cref="TimeProvider.System"/> when null.</param>
    public CloudWatchLogsRetry(CloudWatchLogsRetryOptions? options = null, TimeProvider? timeProvider = null)
        : this(options, timeProvider, static () => Random.Shared.NextDouble())
    {
    }

    internal CloudWatchLogsRetry(CloudWatchLogsRetryOptions? options, TimeProvider? timeProvider, Func<double> random)
    {
        _options = options ?? new CloudWatchLogsRetryOptions();
        _random = random;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxAttempts, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BaseDelay, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDelay, _options.BaseDelay, nameof(options));
        Pipeline = _options.MaxAttempts == 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
                .AddRetry(new RetryStrategyOptions
                {
                    MaxRetryAttempts = _options.MaxAttempts - 1,
                    ShouldHandle = new PredicateBuilder().Handle<CloudWatchLogsException>(static e => e.IsRetryable),
                    DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(NextDelay(args.AttemptNumber)),
                })
                .Build();
    }

    /// <summary>The Polly pipeline, for callers that compose it with their own strategies.</summary>
    public ResiliencePipeline Pipeline { get; }

    /// <summary>Whether <paramref name="exception"/> is worth retrying (a throttled or transient CloudWatch Logs failure).</summary>
    public static bool IsRetryable(Exception exception) => exception is CloudWatchLogsException { IsRetryable: true };

    /// <summary>Runs <paramref name="operation"/>, retrying throttled and transient failures.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return await Pipeline.ExecuteAsync(
            static async (op, ct) => await op(ct).ConfigureAwait(false),
            operation,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="operation"/>, retrying throttled and transient failures.</summary>
    public async Task ExecuteAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await Pipeline.ExecuteAsync(
            static async (op, ct) => await op(ct).ConfigureAwait(false),
            operation,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The full-jitter delay before retry <paramref name="retry"/> (0-based).</summary>
    internal TimeSpan NextDelay(int retry) => ExponentialBackoff.Delay(retry, _options.BaseDelay, _options.MaxDelay, _random());
}
