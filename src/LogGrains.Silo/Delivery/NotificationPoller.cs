using LogGrains.Abstractions;
using LogGrains.Core.Keys;
using LogGrains.Core.Notifications;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;
using LogGrains.Core.Retry;
using LogGrains.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Delivery;

/// <summary>
/// Runs in every silo: long-polls the notification queue, turns each S3 object into a delivery for its
/// tenant's grain, keeps in-flight messages invisible with heartbeats, and settles each message: delete
/// when every record is delivered or filtered, dead-letter with a reason when poison, visibility backoff
/// when transient or tenant-blocked (dead-letter once the attempts are used up). On stop it receives no more,
/// lets in-flight deliveries finish within <see cref="ShutdownOptions.GracePeriod"/>, and makes the messages of those
/// still running visible again at once, so that another silo resumes them after their checkpoints.
/// </summary>
public sealed partial class NotificationPoller(
    INotificationSource source,
    IGrainFactory grains,
    IOptions<PollerOptions> options,
    IOptions<ShutdownOptions> shutdown,
    TimeProvider time,
    ILogger<NotificationPoller> logger) : BackgroundService
{
    private readonly PollerOptions _options = options.Value;
    private readonly KeyLayout _layout = KeyLayout.Create(options.Value.KeyTemplate);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxInFlight, options.Value.MaxInFlight);
    private readonly Lock _gate = new();
    private readonly Dictionary<Task, InFlightMessage> _inFlight = [];

    /// <summary>Messages settled since start, by action (for tests and metrics).</summary>
    public PollerCounters Counters { get; } = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = Enumerable.Range(0, _options.ReceiveLoops).Select(_ => ReceiveLoopAsync(stoppingToken)).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>Messages being worked on now.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>
    /// Stops receiving at once, waits up to the grace period (or the host's own shutdown timeout) for in-flight
    /// deliveries, then releases the messages of those still running: their heartbeat stops, they are made visible
    /// now instead of after their visibility timeout, and their late outcome no longer settles them.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        KeyValuePair<Task, InFlightMessage>[] pending;
        lock (_gate)
        {
            pending = [.. _inFlight];
        }

        var grace = shutdown.Value.GracePeriod;
        LogStopping(logger, pending.Length, grace.TotalSeconds);
        var drained = Task.WhenAll(pending.Select(p => p.Key));
        using var graceOver = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waited = Task.Delay(grace, time, graceOver.Token);
        await Task.WhenAny(drained, waited).ConfigureAwait(false);
        await graceOver.CancelAsync().ConfigureAwait(false);
        if (drained.IsCompleted)
        {
            LogDrained(logger, pending.Length);
            return;
        }

        // Checkpoints make a second delivery resume where this one stops, so the messages can go back now.
        var released = pending.Where(p => !p.Key.IsCompleted && p.Value.TryRelease()).Select(p => p.Value.Message).ToList();
        LogShutdownRelease(logger, released.Count);
        await Task.WhenAll(released.Select(ReleaseAsync)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    private async Task ReceiveLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                var free = 1;
                while (free < 10 && _slots.Wait(0, CancellationToken.None))
                {
                    free++;
                }

                IReadOnlyList<SourceMessage> messages;
                try
                {
                    messages = await source.ReceiveAsync(free, _options.WaitTime, stoppingToken).ConfigureAwait(false);
                }
                catch
                {
                    _slots.Release(free);
                    throw;
                }

                if (free > messages.Count)
                {
                    _slots.Release(free - messages.Count);
                }

                foreach (var message in messages)
                {
                    var entry = new InFlightMessage(message);
                    Track(ProcessAsync(entry), entry);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogReceiveFailed(logger, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private void Track(Task task, InFlightMessage entry)
    {
        lock (_gate)
        {
            _inFlight[task] = entry;
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _inFlight.Remove(t);
                }

                entry.Dispose();
                _slots.Release();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task ProcessAsync(InFlightMessage entry)
    {
        var message = entry.Message;
        using var scope = logger.BeginScope(DeliveryLogScope.ForMessage(message.MessageId));
        var beating = HeartbeatAsync(message, entry.Heartbeat);
        try
        {
            var verdict = await JudgeAsync(message).ConfigureAwait(false);
            entry.StopHeartbeat();
            await beating.ConfigureAwait(false);
            if (!entry.TryBeginSettling())
            {
                LogFinishedAfterRelease(logger, message.MessageId, verdict.Action);
                return;
            }

            using var settleScope = verdict.Tenant.Length > 0 ? logger.BeginScope(DeliveryLogScope.ForObject(verdict.Tenant, verdict.ObjectKey)) : null;
            await SettleAsync(message, verdict).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A message that could not be judged or settled is left to reappear after its visibility timeout.
            entry.StopHeartbeat();
            Counters.Failed();
            LogProcessFailed(logger, message.MessageId, e.Message);
        }
    }

    private async Task<MessageVerdict> JudgeAsync(SourceMessage message)
    {
        switch (NotificationParser.Parse(message.Body))
        {
            case TestEventNotification:
            case IgnoredNotification:
                return MessageVerdict.Delete;
            case RejectedNotification rejected:
                return new MessageVerdict(MessageAction.DeadLetter, DeliveryErrorClass.Poison, $"notification rejected ({rejected.Reason}): {rejected.Detail}", string.Empty, string.Empty);
            case ObjectsNotification objects:
                var results = await Task.WhenAll(objects.Objects.Select(DeliverAsync)).ConfigureAwait(false);
                return MessageVerdict.Combine(results, message.ApproximateReceiveCount, _options.MaxAttempts);
            default:
                return new MessageVerdict(MessageAction.DeadLetter, DeliveryErrorClass.Poison, "notification of an unknown kind", string.Empty, string.Empty);
        }
    }

    private async Task<RecordResult> DeliverAsync(ObjectRef obj)
    {
        if (!_layout.TryParse(obj.Key, out var key, out var rejection))
        {
            return new RecordResult(string.Empty, obj.Key, DeliveryOutcome.Of(
                DeliveryStatus.Poison, $"malformed key '{obj.Key}' in bucket '{obj.Bucket}' ({rejection.Reason}): {rejection.Message}"));
        }

        var staged = new StagedObject(obj.Bucket, obj.Key, obj.Size, obj.ETag, obj.Sequencer, obj.EventTime, key.Tenant, key.ClusterId, key.Application, key.PodName, key.FileName);
        using var scope = logger.BeginScope(DeliveryLogScope.ForObject(key.Tenant, obj.Key));
        try
        {
            var outcome = await grains.GetGrain<ITenantGrain>(key.Tenant).Deliver(staged).ConfigureAwait(false);
            return new RecordResult(key.Tenant, obj.Key, outcome);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return new RecordResult(key.Tenant, obj.Key, DeliveryOutcome.Of(
                DeliveryStatus.Transient, $"delivery of '{obj.Key}' for tenant '{key.Tenant}' failed in the cluster: {e.Message}"));
        }
    }

    private async Task SettleAsync(SourceMessage message, MessageVerdict verdict)
    {
        switch (verdict.Action)
        {
            case MessageAction.Delete:
                await source.DeleteAsync([message], CancellationToken.None).ConfigureAwait(false);
                Counters.Deleted();
                break;
            case MessageAction.Retry:
                var backoff = VisibilityBackoff(message.ApproximateReceiveCount);
                await source.ChangeVisibilityAsync(message, backoff, CancellationToken.None).ConfigureAwait(false);
                Counters.Retried();
                LogRetry(logger, message.MessageId, verdict.Tenant, verdict.ObjectKey, backoff.TotalSeconds, verdict.Reason);
                break;
            default:
                await source.DeadLetterAsync(message, new DeadLetter(verdict.Reason, verdict.ErrorClass, verdict.Tenant, verdict.ObjectKey), CancellationToken.None).ConfigureAwait(false);
                Counters.DeadLettered();
                LogDeadLetter(logger, message.MessageId, verdict.Tenant, verdict.ObjectKey, verdict.Reason);
                if (verdict.Tenant.Length > 0)
                {
                    await grains.GetGrain<ITenantGrain>(verdict.Tenant).RecordDeadLetter(verdict.ObjectKey, verdict.Reason).ConfigureAwait(false);
                }

                break;
        }
    }

    private async Task ReleaseAsync(SourceMessage message)
    {
        try
        {
            await source.ChangeVisibilityAsync(message, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            Counters.Released();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReleaseFailed(logger, message.MessageId, e.Message);
        }
    }

    private TimeSpan VisibilityBackoff(int receiveCount)
    {
        // Equal jitter (half the ceiling, plus up to the other half): a message never comes back at once.
        var capped = ExponentialBackoff.Ceiling(Math.Clamp(receiveCount - 1, 0, 20), _options.RetryBackoffBase, _options.RetryBackoffMax);
        return TimeSpan.FromSeconds(Math.Ceiling(capped.TotalSeconds * (0.5 + (Random.Shared.NextDouble() / 2))));
    }

    private async Task HeartbeatAsync(SourceMessage message, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.HeartbeatInterval, time, stop).ConfigureAwait(false);
                await source.ChangeVisibilityAsync(message, _options.VisibilityTimeout, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHeartbeatFailed(logger, message.MessageId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the notification queue failed: {Detail}")]
    private static partial void LogReceiveFailed(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} could not be processed; it will reappear: {Detail}")]
    private static partial void LogProcessFailed(ILogger logger, string messageId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} (tenant {Tenant}, object {ObjectKey}) retries in {Seconds} s: {Reason}")]
    private static partial void LogRetry(ILogger logger, string messageId, string tenant, string objectKey, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} (tenant {Tenant}, object {ObjectKey}) dead-lettered: {Reason}")]
    private static partial void LogDeadLetter(ILogger logger, string messageId, string tenant, string objectKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Visibility heartbeat for message {MessageId} failed: {Detail}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string messageId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped receiving; waiting up to {GraceSeconds} s for {Count} deliveries in flight")]
    private static partial void LogStopping(ILogger logger, int count, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "All {Count} deliveries in flight at stop finished within the grace period")]
    private static partial void LogDrained(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace ran out with {Count} deliveries in flight; their messages are released to other silos")]
    private static partial void LogShutdownRelease(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} could not be released at shutdown; it reappears after its visibility timeout: {Detail}")]
    private static partial void LogReleaseFailed(ILogger logger, string messageId, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} finished ({Action}) after it was released at shutdown; the silo that receives it next settles it")]
    private static partial void LogFinishedAfterRelease(ILogger logger, string messageId, MessageAction action);
}
