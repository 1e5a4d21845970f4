namespace LogGrains.Testing.Faults;

/// <summary>The PutLogEvents limits that real CloudWatch Logs enforces and moto does not (DESIGN §3).</summary>
public sealed record CloudWatchLimits
{
    /// <summary>Largest request payload: sum of UTF-8 message bytes + 26 per event.</summary>
    public int MaxBatchBytes { get; init; } = 1_048_576;

    /// <summary>Counted overhead per event.</summary>
    public int PerEventOverheadBytes { get; init; } = 26;

    /// <summary>Most events per request.</summary>
    public int MaxEvents { get; init; } = 10_000;

    /// <summary>Longest allowed distance between the first and last event of one request.</summary>
    public TimeSpan MaxSpan { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Largest single event (message bytes + 26); a setting because AWS documents 256 KB and 1 MB.</summary>
    public int MaxEventBytes { get; init; } = 262_144;
}
