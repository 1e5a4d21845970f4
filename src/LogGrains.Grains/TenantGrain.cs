using LogGrains.Abstractions;
using LogGrains.Core.Ports;
using LogGrains.Core.Retry;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Grains.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace LogGrains.Grains;

/// <summary>
/// One tenant. Caches the tenant's configuration, applies <c>enabled</c> and <c>desired_logs</c> before
/// anything is downloaded, routes each object to every enabled delivery (CloudWatch Logs through a stream
/// grain, which obtains the tenant's credentials on its own silo; S3 by server-side copy, with credentials from
/// this silo's broker), keeps a circuit breaker so a blocked tenant does not hammer STS, and keeps the
/// tenant's counters.
/// </summary>
[Reentrant]
public sealed partial class TenantGrain(
    [PersistentState("tenant", "loggrains")] IPersistentState<TenantState> state,
    ITenantStore store,
    ICredentialBroker broker,
    IObjectCopier copier,
    IUsageLedger usage,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    LogGrainsMetrics metrics,
    ILogger<TenantGrain> logger) : Grain, ITenantGrain
{
    private readonly DeliveryOptions _options = options.Value;
    private readonly StreamNameTemplate _streamNames = StreamNameTemplate.Create(options.Value.StreamNameTemplate);
    private Task<TenantConfiguration>? _configuration;
    private DateTimeOffset _configurationReadAt;
    private DateTimeOffset _blockedUntil;
    private string _blockedReason = string.Empty;
    private bool _dirty;
    private bool _registered;

    private string Tenant => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushStatsAsync, new GrainTimerCreationOptions(_options.StatsFlushInterval, _options.StatsFlushInterval) { Interleave = true });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        try
        {
            await FlushStatsAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Counters, not data: a silo shutting down may have lost its storage already.
            LogStatsLost(logger, Tenant, e.Message);
        }
    }

    /// <inheritdoc />
    public Task<DeliveryOutcome> Deliver(StagedObject staged, TimeSpan waited)
    {
        var stats = state.State.Stats;
        stats.Waited++;
        stats.WaitSeconds += Math.Max(0, waited.TotalSeconds);
        _dirty = true;
        return Deliver(staged);
    }

    /// <inheritdoc />
    public async Task<int> GetWeight()
    {
        try
        {
            return (await GetConfigurationAsync()).Weight;
        }
        catch (DeliveryException)
        {
            // Unknown for now: the poller keeps the weight it has and asks again soon.
            return 0;
        }
    }

    /// <inheritdoc />
    public async Task<DeliveryOutcome> Deliver(StagedObject staged)
    {
        ArgumentNullException.ThrowIfNull(staged);
        await RegisterAsync();
        TenantConfiguration configuration;
        try
        {
            configuration = await GetConfigurationAsync();
        }
        catch (DeliveryException e)
        {
            return Count(DeliveryOutcome.Of(DeliveryStatus.Transient, e.Message));
        }

        if (!configuration.IsKnown)
        {
            var reason = $"unknown tenant '{Tenant}': no configuration item in the tenant table (object '{staged.Key}')";
            return Count(_options.UnknownTenant == UnknownTenantPolicy.Drop
                ? DeliveryOutcome.Of(DeliveryStatus.Filtered, reason)
                : DeliveryOutcome.Of(DeliveryStatus.Poison, reason));
        }

        var wanted = configuration.ValidConfigs.Where(c => c.Enabled && c.DesiredLogs.Allows(staged.Application)).ToList();
        if (wanted.Count == 0)
        {
            if (configuration.InvalidDeliveries.Count > 0 && configuration.ValidConfigs.Count == 0)
            {
                return Count(DeliveryOutcome.Of(
                    DeliveryStatus.TenantBlocked,
                    $"tenant '{Tenant}' has no valid delivery configuration: {DescribeProblems(configuration)}"));
            }

            return Count(DeliveryOutcome.Of(
                DeliveryStatus.Filtered,
                $"application '{staged.Application}' of tenant '{Tenant}' is not wanted by any enabled delivery"));
        }

        var now = time.GetUtcNow();
        if (now < _blockedUntil)
        {
            return Count(DeliveryOutcome.Of(DeliveryStatus.TenantBlocked, $"object '{staged.Key}' not attempted: tenant '{Tenant}' is blocked until {_blockedUntil:O} after an earlier object failed with: {_blockedReason}"));
        }

        var outcomes = await Task.WhenAll(wanted.Select(config => DeliverOneAsync(config, staged)));
        var worst = outcomes.OrderByDescending(o => Severity(o.Status)).First();
        var combined = worst.IsDone
            ? new DeliveryOutcome(
                outcomes.Any(o => o.Status == DeliveryStatus.Delivered) ? DeliveryStatus.Delivered : worst.Status,
                string.Empty,
                outcomes.Sum(o => o.Events),
                outcomes.Sum(o => o.Bytes),
                outcomes.Sum(o => o.ContentExcluded),
                outcomes.Sum(o => o.ContentRedacted))
            : worst;
        if (combined.Status == DeliveryStatus.TenantBlocked)
        {
            _blockedUntil = time.GetUtcNow() + _options.TenantBlockedCooldown;
            _blockedReason = combined.Reason;
            LogBlocked(logger, Tenant, _blockedUntil, combined.Reason);
        }

        return Count(combined);
    }

    /// <inheritdoc />
    public async Task RecordDeadLetter(string objectKey, string reason)
    {
        state.State.Stats.DeadLetters++;
        _dirty = true;
        metrics.RecordDeadLetter(Tenant);
        LogDeadLettered(logger, Tenant, objectKey, reason);
        await RecordDeadLetterUsageAsync(objectKey);
    }

    /// <inheritdoc />
    public Task<TenantStats> GetStats() => Task.FromResult(state.State.Stats.Clone());

    /// <inheritdoc />
    public Task<TenantStats> GetState() => GetStats();

    /// <inheritdoc />
    public Task InvalidateConfiguration()
    {
        _configuration = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// A CloudWatch delivery names the tenant's role and lets the stream grain's silo assume it (the stream grain may
    /// live on another silo, and no secret crosses the network); an S3 copy runs here, with this silo's broker.
    /// </summary>
    private async Task<DeliveryOutcome> DeliverOneAsync(TenantConfig config, StagedObject staged)
    {
        if (config.Type != DeliveryType.S3)
        {
            return await SendToStreamAsync(config, staged);
        }

        TenantCredentials credentials;
        try
        {
            credentials = await broker.GetCredentialsAsync(Tenant, config.LogDistributionRoleArn, config.ExternalId, config.TargetRegion, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            return DeliveryOutcome.Of(DeliveryStatuses.From(e.ErrorClass), e.MessageFor(staged.Key));
        }

        return await CopyAsync(config, staged, credentials);
    }

    private async Task<DeliveryOutcome> SendToStreamAsync(TenantConfig config, StagedObject staged)
    {
        var objectKey = new Core.Keys.ObjectKey(staged.Tenant, staged.ClusterId, staged.Application, staged.PodName, staged.FileName, staged.Key);
        if (!_streamNames.TryFormat(objectKey, staged.EventTime, out var streamName, out var problem))
        {
            return DeliveryOutcome.Of(DeliveryStatus.Poison, $"object '{staged.Key}' of tenant '{Tenant}' gives no valid log stream name: {problem}");
        }

        var key = new LogStreamKey(Tenant, config.TargetRegion, config.LogGroupName!, streamName);
        var role = new CredentialReference(Tenant, config.LogDistributionRoleArn, config.ExternalId, config.TargetRegion);
        var outcome = await GrainFactory.GetGrain<ILogStreamGrain>(key.ToString()).Deliver(new StreamDelivery(staged, role, DeliveryContentRules.From(config.Content)));
        var stats = state.State.Stats;
        stats.Batches += outcome.Batches;
        stats.Throttles += outcome.Throttles;
        stats.Rejects += outcome.Rejected + outcome.Excluded;
        CountContent(stats, outcome);
        _dirty = true;
        metrics.RecordStream(Tenant, outcome);
        return new DeliveryOutcome(outcome.Status, outcome.Reason, outcome.Events, outcome.Bytes, outcome.ContentExcluded, outcome.ContentRedacted);
    }

    private static void CountContent(TenantStats stats, StreamOutcome outcome)
    {
        stats.ContentKept += outcome.ContentKept;
        stats.ContentExcluded += outcome.ContentExcluded;
        stats.ContentRedacted += outcome.ContentRedacted;
        foreach (var (rule, matches) in outcome.ContentMatches ?? new Dictionary<string, long>())
        {
            stats.ContentMatches[rule] = stats.ContentMatches.GetValueOrDefault(rule) + matches;
        }
    }

    private async Task<DeliveryOutcome> CopyAsync(TenantConfig config, StagedObject staged, TenantCredentials credentials)
    {
        var destinationKey = $"{config.BucketPrefix}{Tenant}/{staged.Application}/{staged.PodName}/{staged.FileName}";
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["loggrains-tenant"] = Tenant,
            ["loggrains-source-bucket"] = staged.Bucket,
            ["loggrains-source-key"] = staged.Key,
        };
        try
        {
            await copier.CopyAsync(
                new ObjectCopyRequest(Tenant, staged.ToObjectRef(), config.BucketName!, destinationKey, config.TargetRegion, metadata),
                credentials,
                CancellationToken.None);

            // Counted after the copy is durable and before the message can be deleted: a failure here leaves the message,
            // and its retry copies the same bytes again and counts them under the same id.
            await usage.RecordAsync(
                UsageEntry.ForObject(Tenant, DeliveryType.S3, staged.Key, UsageKey.DayOf(time.GetUtcNow()), new UsageCounts(S3BytesCopied: staged.Size)),
                CancellationToken.None);
            return DeliveryOutcome.Done(0, staged.Size);
        }
        catch (DeliveryException e)
        {
            return DeliveryOutcome.Of(DeliveryStatuses.From(e.ErrorClass), e.MessageFor(staged.Key));
        }
    }

    /// <summary>
    /// Counts a dead letter of this tenant, once per object key; a key that names no configured tenant is charged to
    /// nobody. The message has already left the queue, so a failing ledger is tried a few times and then only logged. The
    /// dead letter is charged to the <c>s3</c> delivery when that is the tenant's only valid delivery, else to
    /// <c>cloudwatch</c> (the object's failing delivery is not known here).
    /// </summary>
    private async Task RecordDeadLetterUsageAsync(string objectKey)
    {
        IReadOnlyList<TenantConfig> configs;
        try
        {
            var configuration = await GetConfigurationAsync();
            if (!configuration.IsKnown)
            {
                return;
            }

            configs = configuration.ValidConfigs;
        }
        catch (DeliveryException)
        {
            // The tenant table cannot be read now: the dead letter is still counted, on the default delivery.
            configs = [];
        }

        var delivery = configs.Count > 0 && configs.All(c => c.Type == DeliveryType.S3) ? DeliveryType.S3 : DeliveryType.CloudWatch;
        var entry = UsageEntry.ForDeadLetter(Tenant, delivery, objectKey, UsageKey.DayOf(time.GetUtcNow()));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await usage.RecordAsync(entry, CancellationToken.None);
                return;
            }
            catch (DeliveryException e) when (attempt < _options.MaxPutAttempts)
            {
                await Task.Delay(ExponentialBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay), time);
                LogDeadLetterUsageRetry(logger, Tenant, objectKey, attempt, e.Message);
            }
            catch (DeliveryException e)
            {
                LogDeadLetterUsageLost(logger, Tenant, objectKey, e.Message);
                return;
            }
        }
    }

    private Task<TenantConfiguration> GetConfigurationAsync()
    {
        var now = time.GetUtcNow();
        var current = _configuration;
        if (current is null || (current.IsCompleted && now - _configurationReadAt > _options.ConfigCacheDuration) || current.IsFaulted)
        {
            _configurationReadAt = now;
            current = _configuration = ReadConfigurationAsync(current);
        }

        return current;
    }

    private async Task<TenantConfiguration> ReadConfigurationAsync(Task<TenantConfiguration>? previous)
    {
        try
        {
            var items = await store.GetItemsAsync(Tenant, CancellationToken.None);
            var configuration = TenantConfigParser.Parse(Tenant, items, new TenantDefaults(_options.ClusterRegion, _options.CentralAccountId));
            state.State.Stats.ConfigProblems = DescribeProblems(configuration);
            _dirty = true;
            return configuration;
        }
        catch (DeliveryException e) when (previous is { IsCompletedSuccessfully: true })
        {
            LogStaleConfiguration(logger, Tenant, e.Message);
            return previous.Result;
        }
    }

    private static string DescribeProblems(TenantConfiguration configuration) =>
        string.Join("; ", configuration.InvalidDeliveries.Select(d => $"{d.Type}: {string.Join(", ", d.Reasons)}"));

    private DeliveryOutcome Count(DeliveryOutcome outcome)
    {
        var stats = state.State.Stats;
        switch (outcome.Status)
        {
            case DeliveryStatus.Delivered:
                stats.Objects++;
                stats.Events += outcome.Events;
                stats.Bytes += outcome.Bytes;
                stats.LastDelivery = time.GetUtcNow();
                break;
            case DeliveryStatus.Filtered:
                stats.Filtered++;
                break;
            case DeliveryStatus.Duplicate:
                stats.Duplicates++;
                break;
            default:
                stats.Failures++;
                stats.Events += outcome.Events;
                stats.Bytes += outcome.Bytes;
                break;
        }

        _dirty = true;
        metrics.RecordOutcome(Tenant, outcome);
        return outcome;
    }

    private async Task RegisterAsync()
    {
        if (!_registered)
        {
            await GrainFactory.GetGrain<ITenantDirectoryGrain>(0).Register(Tenant);
            _registered = true;
        }
    }

    private async Task FlushStatsAsync(CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            _dirty = false;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private static int Severity(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Poison => 6,
        DeliveryStatus.TenantBlocked => 5,
        DeliveryStatus.ClusterBlocked => 4,
        DeliveryStatus.Transient => 3,
        DeliveryStatus.Delivered => 2,
        DeliveryStatus.Duplicate => 1,
        _ => 0,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last counters of tenant {Tenant} could not be saved on deactivation: {Detail}")]
    private static partial void LogStatsLost(ILogger logger, string tenant, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tenant {Tenant} is blocked until {Until}: {Reason}")]
    private static partial void LogBlocked(ILogger logger, string tenant, DateTimeOffset until, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Object {ObjectKey} of tenant {Tenant} was dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string tenant, string objectKey, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The dead letter of object {ObjectKey} of tenant {Tenant} was not counted in the usage ledger (attempt {Attempt}); trying again: {Detail}")]
    private static partial void LogDeadLetterUsageRetry(ILogger logger, string tenant, string objectKey, int attempt, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "The dead letter of object {ObjectKey} of tenant {Tenant} could not be counted in the usage ledger: {Detail}")]
    private static partial void LogDeadLetterUsageLost(ILogger logger, string tenant, string objectKey, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the configuration of tenant {Tenant} failed; keeping the previous one: {Detail}")]
    private static partial void LogStaleConfiguration(ILogger logger, string tenant, string detail);
}
