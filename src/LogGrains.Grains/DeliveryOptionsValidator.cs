using LogGrains.Core.Batching;
using LogGrains.Core.Tenants;
using LogGrains.Grains.Hosting;

namespace LogGrains.Grains;

/// <summary>
/// Checks <see cref="DeliveryOptions"/> as the grains will use them: the stream-name template parses, the batch limits
/// are usable together and within what CloudWatch Logs accepts, the delays are positive. Each failure names its setting.
/// </summary>
public sealed class DeliveryOptionsValidator() : AnnotatedOptionsValidator<DeliveryOptions>(DeliveryOptions.Section)
{
    private const string SectionName = DeliveryOptions.Section;

    /// <inheritdoc />
    protected override IEnumerable<string> ValidateMore(DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!StreamNameTemplate.TryCreate(options.StreamNameTemplate, out _, out var reason))
        {
            failures.Add($"{SectionName}:StreamNameTemplate '{options.StreamNameTemplate}' is refused: {reason}.");
        }

        Limits(failures, options.Limits);
        if (options.Decode.ChunkSize is < 4096 or > 16 * 1024 * 1024)
        {
            failures.Add($"{SectionName}:Decode:ChunkSize is {options.Decode.ChunkSize}: give 4096 to 16777216 bytes.");
        }

        if (options.Decode.MaxRecordSize < options.Decode.ChunkSize)
        {
            failures.Add($"{SectionName}:Decode:MaxRecordSize ({options.Decode.MaxRecordSize}) must be at least {SectionName}:Decode:ChunkSize ({options.Decode.ChunkSize}).");
        }

        Positive(failures, "RetryBaseDelay", options.RetryBaseDelay);
        Positive(failures, "RetryMaxDelay", options.RetryMaxDelay);
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{SectionName}:RetryMaxDelay ({options.RetryMaxDelay}) must be at least {SectionName}:RetryBaseDelay ({options.RetryBaseDelay}).");
        }

        Positive(failures, "ConfigCacheDuration", options.ConfigCacheDuration);
        Positive(failures, "TenantBlockedCooldown", options.TenantBlockedCooldown);
        Positive(failures, "CheckpointRetention", options.CheckpointRetention);
        Positive(failures, "StatsFlushInterval", options.StatsFlushInterval);
        if (options.StreamLinger < TimeSpan.Zero || options.StreamLinger > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SectionName}:StreamLinger is {options.StreamLinger}: give 00:00:00 to 00:01:00.");
        }

        if (options.IdleStreamLinger < TimeSpan.Zero || options.IdleStreamLinger > options.StreamLinger)
        {
            failures.Add($"{SectionName}:IdleStreamLinger is {options.IdleStreamLinger}: give 00:00:00 to {SectionName}:StreamLinger ({options.StreamLinger}).");
        }

        if (options.BusyStreamWindow < TimeSpan.Zero || options.BusyStreamWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"{SectionName}:BusyStreamWindow is {options.BusyStreamWindow}: give 00:00:00 to 01:00:00.");
        }

        // The wait happens inside a delivery call: keep it well under the grain call timeout.
        if (options.ReadbackSettleTime < TimeSpan.Zero || options.ReadbackSettleTime > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{SectionName}:ReadbackSettleTime is {options.ReadbackSettleTime}: give 00:00:00 to 00:01:00.");
        }

        if (options.ClusterRegion.Length > 0 && !AwsRegionName.IsValid(options.ClusterRegion, out var regionReason))
        {
            failures.Add($"{SectionName}:ClusterRegion '{options.ClusterRegion}' is not a region name: {regionReason}");
        }

        if (options.CentralAccountId.Length > 0 && (options.CentralAccountId.Length != 12 || !options.CentralAccountId.All(char.IsAsciiDigit)))
        {
            failures.Add($"{SectionName}:CentralAccountId '{options.CentralAccountId}' is not a twelve-digit account id.");
        }

        return failures;
    }

    private static void Limits(List<string> failures, BatchLimits limits)
    {
        var defaults = new BatchLimits();
        if (limits.MaxBatchBytes > defaults.MaxBatchBytes)
        {
            failures.Add($"{SectionName}:Limits:MaxBatchBytes is {limits.MaxBatchBytes}: CloudWatch Logs accepts at most {defaults.MaxBatchBytes}.");
        }

        if (limits.MaxEventsPerBatch > defaults.MaxEventsPerBatch)
        {
            failures.Add($"{SectionName}:Limits:MaxEventsPerBatch is {limits.MaxEventsPerBatch}: CloudWatch Logs accepts at most {defaults.MaxEventsPerBatch}.");
        }

        if (limits.MaxEventBytes > defaults.MaxEventBytes)
        {
            failures.Add($"{SectionName}:Limits:MaxEventBytes is {limits.MaxEventBytes}: CloudWatch Logs accepts at most {defaults.MaxEventBytes}.");
        }

        try
        {
            limits.Validate();
        }
        catch (ArgumentException e)
        {
            failures.Add($"{SectionName}:Limits:{e.ParamName}: {e.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{SectionName}:{setting} is {value}: give a positive duration (hh:mm:ss).");
        }
    }
}
