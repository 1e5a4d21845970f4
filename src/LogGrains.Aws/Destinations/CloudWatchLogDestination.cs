using Amazon.Runtime;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Core.Batching;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Destinations;

/// <summary>
/// <see cref="ILogDestination"/> over the CloudWatch Logs client, with the tenant's credentials per call.
/// </summary>
/// <remarks>
/// Ensuring a stream creates it directly (no Describe call on the happy path: Describe quotas are low);
/// a missing group shows as ResourceNotFound and is created then. Only when the tenant's role may not
/// create (AccessDenied) does it look the stream up by exact name. A PutLogEvents into a group or stream
/// that has disappeared recreates it once and sends again. A readback is one GetLogEvents over the request's
/// time range (more pages only when the range holds more than one page of events).
/// </remarks>
internal sealed class CloudWatchLogDestination(ICloudWatchLogsClient client) : ILogDestination
{
    public async Task EnsureAsync(LogTarget target, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cw = Target(target, credentials);
        try
        {
            await CreateStreamAsync(cw, target, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudWatchLogsException e)
        {
            throw Classify(e, target, "logs:CreateLogStream");
        }
    }

    public async Task<RejectedEventCounts> PutAsync(
        LogTarget target, TenantCredentials credentials, BatchGroup batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(batch);
        var cw = Target(target, credentials);
        try
        {
            PutLogEventsResult result;
            try
            {
                result = await SendAsync(cw, target, batch, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudWatchLogsException e) when (e.Kind == CloudWatchLogsErrorKind.ResourceNotFound)
            {
                await CreateStreamAsync(cw, target, cancellationToken).ConfigureAwait(false);
                result = await SendAsync(cw, target, batch, cancellationToken).ConfigureAwait(false);
            }

            return PutLogEventsRejections.Count(
                batch.Count, result.TooNewLogEventStartIndex, result.TooOldLogEventEndIndex, result.ExpiredLogEventEndIndex);
        }
        catch (CloudWatchLogsException e)
        {
            throw Classify(e, target, "logs:PutLogEvents");
        }
    }

    public async Task<IReadOnlyList<StoredLogEvent>> ReadBackAsync(
        LogTarget target, TenantCredentials credentials, long fromTimestamp, long toTimestamp, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var cw = Target(target, credentials);
        try
        {
            // GetLogEvents' endTime is exclusive.
            var events = await client.GetLogEventsAsync(
                cw, target.LogGroupName, target.LogStreamName, fromTimestamp, toTimestamp + 1, maxEvents, cancellationToken).ConfigureAwait(false);
            return [.. events.Select(e => new StoredLogEvent(e.Timestamp, e.Message))];
        }
        catch (CloudWatchLogsException e) when (e.Kind == CloudWatchLogsErrorKind.ResourceNotFound)
        {
            // No stream, no events: the request was not accepted.
            return [];
        }
        catch (CloudWatchLogsException e)
        {
            throw Classify(e, target, "logs:GetLogEvents");
        }
    }

    private Task<PutLogEventsResult> SendAsync(CloudWatchLogsTarget cw, LogTarget target, BatchGroup batch, CancellationToken cancellationToken) =>
        client.PutLogEventsAsync(cw, body => batch.WriteRequestBody(body, target.LogGroupName, target.LogStreamName), batch.Count, cancellationToken);

    private async Task CreateStreamAsync(CloudWatchLogsTarget cw, LogTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await client.CreateLogStreamAsync(cw, target.LogGroupName, target.LogStreamName, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudWatchLogsException e) when (e.Kind == CloudWatchLogsErrorKind.ResourceNotFound)
        {
            await client.CreateLogGroupAsync(cw, target.LogGroupName, cancellationToken).ConfigureAwait(false);
            await client.CreateLogStreamAsync(cw, target.LogGroupName, target.LogStreamName, cancellationToken).ConfigureAwait(false);
        }
        catch (CloudWatchLogsException e) when (e.Kind == CloudWatchLogsErrorKind.AccessDenied)
        {
            if (!await client.LogStreamExistsAsync(cw, target.LogGroupName, target.LogStreamName, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private static CloudWatchLogsTarget Target(LogTarget target, TenantCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return new CloudWatchLogsTarget(
            target.Region, new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
    }

    private static DeliveryException Classify(CloudWatchLogsException e, LogTarget target, string operation)
    {
        var errorClass = e.Kind switch
        {
            CloudWatchLogsErrorKind.AccessDenied or CloudWatchLogsErrorKind.ResourceNotFound => DeliveryErrorClass.TenantBlocked,
            CloudWatchLogsErrorKind.InvalidRequest => DeliveryErrorClass.InvalidRequest,
            _ => DeliveryErrorClass.Transient,
        };
        return new DeliveryException(
            errorClass,
            operation,
            target.Tenant,
            string.Empty,
            $"group '{target.LogGroupName}', stream '{target.LogStreamName}' in {target.Region}: {e.Message}",
            e)
        {
            IsThrottling = e.Kind == CloudWatchLogsErrorKind.Throttled,
        };
    }
}
