namespace LogGrains.Benchmarks;

/// <summary>What one generated record looks like.</summary>
public enum RecordShape
{
    /// <summary>A full Vector <c>kubernetes_logs</c> event (~1.4 KB, ~150-byte message, nanosecond timestamp).</summary>
    Vector,

    /// <summary>A bare <c>{timestamp, message}</c> record of ~200 bytes.</summary>
    Bare,
}
