using LogGrains.Abstractions;
using LogGrains.Core.Keys;
using LogGrains.Core.Notifications;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;
using LogGrains.Core.Retry;
using LogGrains.Core.Scheduling;
using LogGrains.Grains.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains.Polling;

/// <summary>
/// Runs in every silo: long-polls the notification queue while it works, holds up to
/// <see cref="PollerOptions.MaxInFlight"/> + <see cref="PollerOptions.MaxHeld"/> messages (kept invisible with
/// heartbeats), and hands their objects to the tenants' grains in a fair order (<see cref="FairScheduler{T}"/>: per-tenant
/// queues served by deficit round robin, weighted by each tenant's <c>weight</c>, at most
/// <see cref="PollerOptions.MaxInFlightPerTenant"/> × weight objects of a tenant in delivery), so that one tenant's
/// backlog never holds up the others. It settles each message once all its records have an outcome: delete when every
/// record is delivered or filtered, dead-letter with a reason when poison, visibility backoff when transient or
/// tenant-blocked (dead-letter once the attempts are used up). On stop it receives no more, releases at once the messages
/// still waiting for their turn, lets deliveries in flight finish within <see cref="ShutdownOptions.GracePeriod"/>, and
/// makes the messages of those still running visible again, so that another silo resumes them after their checkpoints.
/// </summary>
public sealed partial class NotificationPoller(
    INotificationSource source,
    IGrainFactory grains,
    IOptions<PollerOptions> options,
    IOptions<ShutdownOptions> shutdown,
    LogGrainsMetrics metrics,
    TimeProvider time,
    ILogger<NotificationPoller> logger) : BackgroundService
{
    private readonly PollerOptions _options = options.Value;
    private readonly KeyLayout _layout = KeyLayout.Create(options.Value.KeyTemplate);
    private readonly SemaphoreSlim _slots = new(options.Value.MaxInFlight + options.Value.MaxHeld, options.Value.MaxInFlight + options.Value.MaxHeld);
    private readonly Lock _gate = new();
    private readonly HashSet<HeldMessage> _held = [];
    private readonly FairScheduler<HeldObject> _order = new(
        options.Value.FairShareQuantum, options.Value.MaxInFlightPerTenant, options.Value.MaxInFlight, options.Value.MaxStreamsPerTenant);
    private readonly TenantWeights _weights = new(options.Value.WeightRefreshInterval);
    private readonly CancellationTokenSource _heartbeatStop = new();
    private Task _heartbeat = Task.CompletedTask;
    private bool _stopping;

    /// <summary>Messages settled since start, by action (for tests and metrics).</summary>
    public PollerCounters Counters { get; } = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Outlives the receive loops: messages in delivery keep their visibility through the shutdown's grace period.
        _heartbeat = HeartbeatLoopAsync(_heartbeatStop.Token);
        var loops = Enumerable.Range(0, _options.ReceiveLoops).Select(_ => ReceiveLoopAsync(stoppingToken)).ToArray();
        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    /// <summary>Messages this silo holds now (received and not yet settled or released): waiting for their turn or in delivery.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>Objects waiting for their tenant's turn now.</summary>
    public int HeldCount
    {
        get
        {
            lock (_gate)
            {
                return _order.HeldCount;
            }
        }
    }

    /// <summary>Objects being delivered now.</summary>
    public int DeliveringCount
    {
        get
        {
            lock (_gate)
            {
                return _order.InFlightCount;
            }
        }
    }

    /// <summary>Each tenant with objects waiting or in delivery on this silo, with its weight.</summary>
    public IReadOnlyList<TenantLoad> TenantLoads()
    {
        lock (_gate)
        {
            return _order.Loads();
        }
    }

    /// <summary>
    /// Stops receiving at once and releases the messages still waiting for their turn (visibility 0), waits up to the
    /// grace period (or the host's own shutdown timeout) for deliveries in flight, then releases the messages of those
    /// still running: their heartbeat stops, they are made visible now instead of after their visibility timeout, and
    /// their late outcome no longer settles them.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ReleaseAllAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await _heartbeatStop.CancelAsync().ConfigureAwait(false);
            await _heartbeat.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _slots.Dispose();
        _heartbeatStop.Dispose();
        base.Dispose();
    }

    private async Task ReleaseAllAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<(string Tenant, HeldObject Item)> waiting;
        lock (_gate)
        {
            _stopping = true;
            waiting = _order.TakeAllHeld();
        }

        // A message with a record that has not started is not finished by this silo: it goes back now, whole.
        var waitingMessages = waiting.Select(w => w.Item.Message).Distinct().Where(m => m.TryRelease()).ToList();
        LogReleasingHeld(logger, waitingMessages.Count, waiting.Count);
        await Task.WhenAll(waitingMessages.Select(ReleaseAsync)).ConfigureAwait(false);
        foreach (var (tenant, item) in waiting)
        {
            var abandoned = new RecordResult(tenant, item.Staged.Key, DeliveryOutcome.Of(DeliveryStatus.Transient, "released at shutdown before its delivery started"));
            if (item.Message.Complete(item.Index, abandoned))
            {
                _ = FinishAsync(item.Message);
            }
        }

        HeldMessage[] pending;
        lock (_gate)
        {
            pending = [.. _held];
        }

        var grace = shutdown.Value.GracePeriod;
        LogStopping(logger, pending.Length, grace.TotalSeconds);
        var drained = Task.WhenAll(pending.Select(p => p.Done));
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
        var released = pending.Where(p => !p.Done.IsCompleted && p.TryRelease()).ToList();
        LogShutdownRelease(logger, released.Count);
        await Task.WhenAll(released.Select(ReleaseAsync)).ConfigureAwait(false);
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
                    Accept(message);
                }

                Dispatch();
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

    /// <summary>Takes a received message in: settles what needs no delivery, queues each object for its tenant's turn.</summary>
    private void Accept(SourceMessage message)
    {
        var held = new HeldMessage(message, time.GetTimestamp());
        lock (_gate)
        {
            _held.Add(held);
        }

        try
        {
            switch (NotificationParser.Parse(message.Body))
            {
                case TestEventNotification:
                case IgnoredNotification:
                    _ = FinishAsync(held, MessageVerdict.Delete);
                    break;
                case RejectedNotification rejected:
                    _ = FinishAsync(held, new MessageVerdict(MessageAction.DeadLetter, DeliveryErrorClass.Poison, $"notification rejected ({rejected.Reason}): {rejected.Detail}", string.Empty, string.Empty));
                    break;
                case ObjectsNotification objects:
                    Queue(held, objects.Objects);
                    break;
                default:
                    _ = FinishAsync(held, new MessageVerdict(MessageAction.DeadLetter, DeliveryErrorClass.Poison, "notification of an unknown kind", string.Empty, string.Empty));
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A message that could not be taken in is left to reappear after its visibility timeout.
            held.StopHeartbeat();
            Counters.Failed();
            LogProcessFailed(logger, message.MessageId, e.Message);
            Forget(held);
        }
    }

    private void Queue(HeldMessage held, IReadOnlyList<ObjectRef> objects)
    {
        held.Expect(objects.Count);
        var now = time.GetTimestamp();
        var queued = new List<HeldObject>(objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var obj = objects[i];
            if (_layout.TryParse(obj.Key, out var key, out var rejection))
            {
                var staged = new StagedObject(obj.Bucket, obj.Key, obj.Size, obj.ETag, obj.Sequencer, ObjectEventTime.Of(key, obj.EventTime), key.Tenant, key.ClusterId, key.Application, key.PodName, key.FileName);
                queued.Add(new HeldObject(held, i, staged, now));
            }
            else
            {
                _ = held.Complete(i, new RecordResult(string.Empty, obj.Key, DeliveryOutcome.Of(
                    DeliveryStatus.Poison, $"malformed key '{obj.Key}' in bucket '{obj.Bucket}' ({rejection.Reason}): {rejection.Message}")));
            }
        }

        if (queued.Count == 0)
        {
            // Every record was malformed (or there was none): nothing to wait for, settle now.
            _ = FinishAsync(held);
            return;
        }

        var ask = new List<string>();
        lock (_gate)
        {
            var at = time.GetUtcNow();
            foreach (var item in queued)
            {
                _order.Enqueue(item.Staged.Tenant, item, item.Staged.Size, item.Stream);
                if (_weights.ShouldAsk(item.Staged.Tenant, at))
                {
                    ask.Add(item.Staged.Tenant);
                }
            }
        }

        foreach (var tenant in ask)
        {
            _ = LearnWeightAsync(tenant);
        }
    }

    /// <summary>Starts every object that the fair order lets start now.</summary>
    private void Dispatch()
    {
        List<HeldObject>? starting = null;
        lock (_gate)
        {
            while (!_stopping && _order.InFlightCount < _options.MaxInFlight && _order.TryStart(out _, out var item))
            {
                (starting ??= []).Add(item);
            }
        }

        if (starting is not null)
        {
            foreach (var item in starting)
            {
                _ = DeliverAsync(item);
            }
        }
    }

    private async Task DeliverAsync(HeldObject item)
    {
        var staged = item.Staged;
        var waited = time.GetElapsedTime(item.ReceivedAt);
        metrics.RecordWait(staged.Tenant, waited);
        item.Message.MarkStarted();
        RecordResult result;
        string? fault = null;
        using (logger.BeginScope(DeliveryLogScope.ForMessage(item.Message.Message.MessageId)))
        using (logger.BeginScope(DeliveryLogScope.ForObject(staged.Tenant, staged.Key)))
        {
            try
            {
                var outcome = await grains.GetGrain<ITenantGrain>(staged.Tenant).Deliver(staged, waited).ConfigureAwait(false);
                result = new RecordResult(staged.Tenant, staged.Key, outcome);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                result = new RecordResult(staged.Tenant, staged.Key, DeliveryOutcome.Of(
                    DeliveryStatus.Transient, $"delivery of '{staged.Key}' for tenant '{staged.Tenant}' failed in the cluster: {e.Message}"));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                fault = e.Message;
                result = new RecordResult(staged.Tenant, staged.Key, DeliveryOutcome.Of(DeliveryStatus.Transient, e.Message));
            }
        }

        lock (_gate)
        {
            _order.Complete(staged.Tenant, item.Stream);
        }

        if (item.Message.Complete(item.Index, result, fault))
        {
            _ = FinishAsync(item.Message);
        }

        Dispatch();
    }

    private async Task LearnWeightAsync(string tenant)
    {
        int? weight = null;
        try
        {
            weight = await grains.GetGrain<ITenantGrain>(tenant).GetWeight().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogWeightUnknown(logger, tenant, e.Message);
        }

        lock (_gate)
        {
            var known = weight is > 0;
            _weights.Answered(tenant, time.GetUtcNow(), known);
            if (known && weight != _order.WeightOf(tenant))
            {
                _order.SetWeight(tenant, weight!.Value);
            }
        }

        Dispatch();
    }

    /// <summary>Settles a message whose records all have an outcome, unless shutdown released it.</summary>
    private Task FinishAsync(HeldMessage held) => held.Fault is { } fault
        ? FinishAsync(held, null, fault)
        : FinishAsync(held, MessageVerdict.Combine(held.Results(), held.Message.ApproximateReceiveCount, _options.MaxAttempts));

    private async Task FinishAsync(HeldMessage held, MessageVerdict? verdict, string? fault = null)
    {
        var message = held.Message;
        using var scope = logger.BeginScope(DeliveryLogScope.ForMessage(message.MessageId));
        try
        {
            held.StopHeartbeat();
            await held.Beating.ConfigureAwait(false);
            if (fault is not null)
            {
                // A message whose delivery failed unexpectedly is left to reappear after its visibility timeout.
                Counters.Failed();
                LogProcessFailed(logger, message.MessageId, fault);
                return;
            }

            if (!held.TryBeginSettling())
            {
                if (held.Started)
                {
                    LogFinishedAfterRelease(logger, message.MessageId, verdict!.Action);
                }

                return;
            }

            using var settleScope = verdict!.Tenant.Length > 0 ? logger.BeginScope(DeliveryLogScope.ForObject(verdict.Tenant, verdict.ObjectKey)) : null;
            await SettleAsync(message, verdict).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A message that could not be settled is left to reappear after its visibility timeout.
            Counters.Failed();
            LogProcessFailed(logger, message.MessageId, e.Message);
        }
        finally
        {
            Forget(held);
        }
    }

    private void Forget(HeldMessage held)
    {
        lock (_gate)
        {
            if (!_held.Remove(held))
            {
                return;
            }
        }

        held.Forget();
        _slots.Release();
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

    /// <summary>Makes a released message visible now, once a heartbeat call that included it has ended (it would hide it again).</summary>
    private async Task ReleaseAsync(HeldMessage held)
    {
        var message = held.Message;
        try
        {
            await held.Beating.ConfigureAwait(false);
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

    /// <summary>
    /// The visibility heartbeat of every message this silo holds, one loop per silo: every quarter of
    /// <see cref="PollerOptions.HeartbeatInterval"/> it extends the messages whose visibility was last set at least three
    /// quarters of an interval ago, ten to a call (ChangeMessageVisibilityBatch), so each is extended every 0.75–1
    /// interval, and a silo holding 500 messages makes about 3 calls a second at the default 20 s instead of 25.
    /// </summary>
    private async Task HeartbeatLoopAsync(CancellationToken stop)
    {
        var tick = _options.HeartbeatInterval / 4;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await ExtendDueAsync(_options.HeartbeatInterval - tick).ConfigureAwait(false);
        }
    }

    private async Task ExtendDueAsync(TimeSpan due)
    {
        var now = time.GetTimestamp();
        List<HeldMessage> candidates;
        lock (_gate)
        {
            candidates = [.. _held.Where(h => time.GetElapsedTime(h.LastExtended, now) >= due)];
        }

        if (candidates.Count == 0)
        {
            return;
        }

        // A message settled or released meanwhile does not join; one that joined is settled only after this call.
        var call = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joined = candidates.Where(h => h.TryJoinHeartbeat(call.Task)).ToList();
        try
        {
            var refused = (await source.ExtendVisibilityAsync([.. joined.Select(h => h.Message)], _options.VisibilityTimeout, CancellationToken.None).ConfigureAwait(false))
                .ToHashSet();
            foreach (var held in joined)
            {
                if (refused.Contains(held.Message))
                {
                    // Visible again, received elsewhere or deleted: extending it again would fail the same way.
                    LogHeartbeatRefused(logger, held.Message.MessageId);
                    held.StopHeartbeat();
                }
                else
                {
                    held.Extended(now);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Tried again at the next tick: a message's visibility runs out only after VisibilityTimeout without one.
            LogHeartbeatFailed(logger, joined.Count, e.Message);
        }
        finally
        {
            call.SetResult();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Visibility heartbeat for {Count} messages failed, tried again in a quarter interval: {Detail}")]
    private static partial void LogHeartbeatFailed(ILogger logger, int count, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Visibility heartbeat for message {MessageId} refused: its receipt handle is no longer current (visible again, received elsewhere or deleted)")]
    private static partial void LogHeartbeatRefused(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped receiving; released {Messages} messages whose {Objects} objects were waiting for their turn")]
    private static partial void LogReleasingHeld(ILogger logger, int messages, int objects);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The weight of tenant {Tenant} could not be read; it keeps its current weight: {Detail}")]
    private static partial void LogWeightUnknown(ILogger logger, string tenant, string detail);

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
