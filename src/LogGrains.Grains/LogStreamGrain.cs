using LogGrains.Abstractions;
using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains;

/// <summary>
/// One CloudWatch Logs stream of one tenant. Reads and decodes the object as a stream, plans batches,
/// sends one PutLogEvents at a time and checkpoints after every accepted batch, so a redelivered object
/// resumes after its last accepted batch. Only the batch in flight at the instant of a crash can be sent
/// twice.
/// </summary>
public sealed partial class LogStreamGrain(
    [PersistentState("stream", "loggrains")] IPersistentState<LogStreamState> state,
    IObjectReader reader,
    ILogDestination destination,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<LogStreamGrain> logger) : Grain, ILogStreamGrain
{
    private readonly DeliveryOptions _options = options.Value;
    private LogStreamKey _key = null!;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = LogStreamKey.Parse(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<ObjectProgress?> GetProgress(string objectKey) =>
        Task.FromResult(state.State.Objects.GetValueOrDefault(objectKey));

    /// <inheritdoc />
    public async Task<StreamOutcome> Deliver(StreamDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var staged = delivery.Staged;
        var progress = state.State.Objects.GetValueOrDefault(staged.Key);
        if (progress is { Complete: true })
        {
            return Outcome(DeliveryStatus.Duplicate, $"object '{staged.Key}' was already delivered to stream '{_key.LogStreamName}'");
        }

        var target = new LogTarget(_key.Tenant, _key.Region, _key.LogGroupName, _key.LogStreamName);
        var credentials = new TenantCredentials(
            delivery.Credentials.AccessKeyId, delivery.Credentials.SecretAccessKey, delivery.Credentials.SessionToken, delivery.Credentials.Expiration);
        var run = new DeliveryRun();
        try
        {
            if (!state.State.TargetEnsured)
            {
                await destination.EnsureAsync(target, credentials, CancellationToken.None);
                state.State.TargetEnsured = true;
                await state.WriteStateAsync();
            }

            await using var handle = await reader.OpenReadAsync(_key.Tenant, staged.ToObjectRef(), CancellationToken.None);
            await using var file = new VectorFileReader(handle.Content, staged.EventTime, _options.Decode);
            using var planner = new BatchPlanner(_options.Limits, time.GetUtcNow(), progress?.EndPiece ?? 0);
            while (await file.ReadAsync(planner))
            {
                await SendSealedAsync(planner, target, credentials, staged.Key, run);
            }

            planner.Complete();
            await SendSealedAsync(planner, target, credentials, staged.Key, run);
            run.Excluded = planner.Stats.TooOld + planner.Stats.TooNew;
            await CheckpointAsync(staged.Key, planner.PiecesSeen, complete: true);
            LogDelivered(logger, _key.Tenant, staged.Key, _key.LogStreamName, run.Events, run.Batches);
            return run.ToOutcome(DeliveryStatus.Delivered, string.Empty);
        }
        catch (VectorDecodeException e)
        {
            LogPoison(logger, _key.Tenant, staged.Key, e.Reason.ToString(), e.Message);
            return run.ToOutcome(DeliveryStatus.Poison, $"object '{staged.Key}' of tenant '{_key.Tenant}' cannot be decoded ({e.Reason}): {e.Message}");
        }
        catch (DeliveryException e)
        {
            var status = e.ErrorClass switch
            {
                DeliveryErrorClass.TenantBlocked => DeliveryStatus.TenantBlocked,
                DeliveryErrorClass.Poison or DeliveryErrorClass.InvalidRequest => DeliveryStatus.Poison,
                _ => DeliveryStatus.Transient,
            };
            if (e.ErrorClass == DeliveryErrorClass.TenantBlocked)
            {
                state.State.TargetEnsured = false;
            }

            LogFailed(logger, _key.Tenant, staged.Key, _key.LogStreamName, status.ToString(), e.Message);
            return run.ToOutcome(status, e.Message);
        }
    }

    private async Task SendSealedAsync(BatchPlanner planner, LogTarget target, TenantCredentials credentials, string objectKey, DeliveryRun run)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            using (batch)
            {
                var rejected = await PutWithRetryAsync(target, credentials, batch, objectKey, run);
                run.Events += batch.Count - rejected.Rejected;
                run.Bytes += batch.PayloadBytes - (batch.Count * _options.Limits.PerEventOverheadBytes);
                run.Rejected += rejected.Rejected;
                run.Batches++;
                await CheckpointAsync(objectKey, batch.EndPiece, complete: false);
            }
        }
    }

    private async Task<RejectedEventCounts> PutWithRetryAsync(
        LogTarget target, TenantCredentials credentials, PlannedBatch batch, string objectKey, DeliveryRun run)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await destination.PutAsync(target, credentials, batch, CancellationToken.None);
            }
            catch (DeliveryException e) when (e.ErrorClass == DeliveryErrorClass.Transient && attempt < _options.MaxPutAttempts)
            {
                if (e.IsThrottling)
                {
                    run.Throttles++;
                }

                var delay = Backoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
                LogRetry(logger, _key.Tenant, objectKey, _key.LogStreamName, attempt, delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, time);
            }
            catch (DeliveryException e) when (e.IsThrottling)
            {
                run.Throttles++;
                throw;
            }
        }
    }

    private async Task CheckpointAsync(string objectKey, long endPiece, bool complete)
    {
        var now = time.GetUtcNow();
        state.State.Objects[objectKey] = new ObjectProgress(endPiece, complete, now);
        var horizon = now - _options.CheckpointRetention;
        foreach (var old in state.State.Objects.Where(o => o.Value.UpdatedAt < horizon).Select(o => o.Key).ToList())
        {
            state.State.Objects.Remove(old);
        }

        await state.WriteStateAsync();
    }

    private static StreamOutcome Outcome(DeliveryStatus status, string reason) => new(status, reason, 0, 0, 0, 0, 0, 0);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {ObjectKey} of tenant {Tenant} to stream {Stream}: {Events} events in {Batches} batches")]
    private static partial void LogDelivered(ILogger logger, string tenant, string objectKey, string stream, long events, int batches);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Object {ObjectKey} of tenant {Tenant} is poison ({Reason}): {Detail}")]
    private static partial void LogPoison(ILogger logger, string tenant, string objectKey, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery of {ObjectKey} of tenant {Tenant} to stream {Stream} ended {Status}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string tenant, string objectKey, string stream, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "PutLogEvents for {ObjectKey} of tenant {Tenant} to stream {Stream} failed (attempt {Attempt}), retrying in {DelayMs} ms: {Detail}")]
    private static partial void LogRetry(ILogger logger, string tenant, string objectKey, string stream, int attempt, double delayMs, string detail);

    private sealed class DeliveryRun
    {
        public long Events { get; set; }

        public long Bytes { get; set; }

        public int Batches { get; set; }

        public int Throttles { get; set; }

        public long Rejected { get; set; }

        public long Excluded { get; set; }

        public StreamOutcome ToOutcome(DeliveryStatus status, string reason) =>
            new(status, reason, Events, Bytes, Batches, Throttles, Rejected, Excluded);
    }
}
