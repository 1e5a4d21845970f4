using System.Buffers;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// The CloudWatch Logs calls LogGrains makes, each for a <see cref="CloudWatchLogsTarget"/> (region and
/// tenant credentials) given per call. Failures throw <see cref="CloudWatchLogsException"/> with a
/// <see cref="CloudWatchLogsErrorKind"/>. PutLogEvents is never retried here: its caller owns backoff
/// and checkpoints (see <see cref="CloudWatchLogsRetry"/>). Create, describe and retention calls retry
/// throttled and transient failures a few times (<see cref="CloudWatchLogsClientOptions.ControlPlaneRetry"/>).
/// </summary>
public interface ICloudWatchLogsClient : IDisposable
{
    /// <summary>Creates a log group; an existing group (<c>ResourceAlreadyExistsException</c>) is success.</summary>
    /// <returns>True when this call created the group, false when it already existed.</returns>
    Task<bool> CreateLogGroupAsync(CloudWatchLogsTarget target, string logGroupName, CancellationToken cancellationToken);

    /// <summary>Creates a log stream in an existing group; an existing stream is success.</summary>
    /// <returns>True when this call created the stream, false when it already existed.</returns>
    Task<bool> CreateLogStreamAsync(CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a log group of exactly this name exists: DescribeLogGroups by prefix, every page, compared
    /// ordinally (so <c>/a/app-2</c> does not make <c>/a/app</c> exist).
    /// </summary>
    Task<bool> LogGroupExistsAsync(CloudWatchLogsTarget target, string logGroupName, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a log stream of exactly this name exists in the group: DescribeLogStreams by prefix, every
    /// page, compared ordinally. A missing group means a missing stream (false).
    /// </summary>
    Task<bool> LogStreamExistsAsync(CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one PutLogEvents request whose complete JSON body
    /// (<c>{"logGroupName":..,"logStreamName":..,"logEvents":[..]}</c>) <paramref name="writeBody"/> writes as
    /// UTF-8. The body is sent from a pooled buffer as written; the caller is responsible for the AWS batch
    /// limits. Not retried; may be called again after a failure (the body is written again).
    /// </summary>
    /// <param name="target">Region and credentials.</param>
    /// <param name="writeBody">Writes the request body.</param>
    /// <param name="eventCount">How many events the body holds (1 to 10,000), for checks and errors.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Which events, if any, CloudWatch rejected for being too old, too new or expired.</returns>
    Task<PutLogEventsResult> PutLogEventsAsync(
        CloudWatchLogsTarget target, Action<IBufferWriter<byte>> writeBody, int eventCount, CancellationToken cancellationToken);

    /// <summary>Sets the retention of a log group; <paramref name="retentionInDays"/> must be one CloudWatch allows (1, 3, 5, 7, 14, 30, ...).</summary>
    Task PutRetentionPolicyAsync(CloudWatchLogsTarget target, string logGroupName, int retentionInDays, CancellationToken cancellationToken);

    /// <summary>Reads every event of a stream from the oldest, following <c>nextForwardToken</c> to the end (for verification and tools).</summary>
    Task<IReadOnlyList<CloudWatchLogEvent>> GetLogEventsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the events of a stream with timestamps in [<paramref name="startTime"/>, <paramref name="endTime"/>)
    /// (Unix epoch milliseconds), oldest first, following <c>nextForwardToken</c> until the end or until at least
    /// <paramref name="maxEvents"/> events were read. Throttled and transient failures are retried a few times.
    /// </summary>
    Task<IReadOnlyList<CloudWatchLogEvent>> GetLogEventsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, long startTime, long endTime, int maxEvents, CancellationToken cancellationToken);
}
