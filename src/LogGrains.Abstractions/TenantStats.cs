namespace LogGrains.Abstractions;

/// <summary>A tenant's running totals since its grain's state was created.</summary>
[GenerateSerializer, Alias("loggrains.TenantStats")]
public sealed class TenantStats
{
    /// <summary>Objects fully delivered.</summary>
    [Id(0)] public long Objects { get; set; }

    /// <summary>Events accepted by the destination.</summary>
    [Id(1)] public long Events { get; set; }

    /// <summary>Message bytes accepted by the destination.</summary>
    [Id(2)] public long Bytes { get; set; }

    /// <summary>PutLogEvents batches accepted.</summary>
    [Id(3)] public long Batches { get; set; }

    /// <summary>Throttling answers met (and retried).</summary>
    [Id(4)] public long Throttles { get; set; }

    /// <summary>Events the destination rejected (too old, too new, expired) or that were excluded before sending.</summary>
    [Id(5)] public long Rejects { get; set; }

    /// <summary>Objects sent to the dead-letter queue.</summary>
    [Id(6)] public long DeadLetters { get; set; }

    /// <summary>Objects skipped by configuration (disabled, desired_logs).</summary>
    [Id(7)] public long Filtered { get; set; }

    /// <summary>Objects whose notification came again after they were delivered.</summary>
    [Id(8)] public long Duplicates { get; set; }

    /// <summary>Deliveries that failed and will be retried.</summary>
    [Id(9)] public long Failures { get; set; }

    /// <summary>When the last object was delivered.</summary>
    [Id(10)] public DateTimeOffset? LastDelivery { get; set; }

    /// <summary>The configuration's health: empty when every delivery config is valid, else the reasons.</summary>
    [Id(11)] public string ConfigProblems { get; set; } = string.Empty;

    /// <summary>Objects handed to this tenant by a silo's poller after waiting for their turn there.</summary>
    [Id(12)] public long Waited { get; set; }

    /// <summary>The total of those objects' waits in the silos, in seconds (with <see cref="Waited"/>, the mean wait).</summary>
    [Id(13)] public double WaitSeconds { get; set; }

    /// <summary>Events the content rules passed on to CloudWatch (redacted or not).</summary>
    [Id(14)] public long ContentKept { get; set; }

    /// <summary>Events the content rules dropped (include_patterns, exclude_patterns).</summary>
    [Id(15)] public long ContentExcluded { get; set; }

    /// <summary>Kept events in which a redaction rule matched.</summary>
    [Id(16)] public long ContentRedacted { get; set; }

    /// <summary>Matches per redaction rule name, since the state was created.</summary>
    [Id(17)] public Dictionary<string, long> ContentMatches { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A copy, safe to hand out.</summary>
    public TenantStats Clone()
    {
        var copy = (TenantStats)MemberwiseClone();
        copy.ContentMatches = new Dictionary<string, long>(ContentMatches, StringComparer.Ordinal);
        return copy;
    }
}
