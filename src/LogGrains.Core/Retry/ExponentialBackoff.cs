namespace LogGrains.Core.Retry;

/// <summary>
/// Exponential backoff with full jitter: before retry <c>n</c> (0-based) wait a uniformly random time in
/// [0, min(max, base·2ⁿ)], so that many callers throttled at once spread out instead of retrying together.
/// </summary>
public static class ExponentialBackoff
{
    /// <summary>The largest delay retry <paramref name="retry"/> (0-based) may wait: min(max, base·2^retry).</summary>
    public static TimeSpan Ceiling(int retry, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retry);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, Math.Min(retry, 62)));
        return TimeSpan.FromTicks((long)Math.Max(0, ceiling));
    }

    /// <summary>The delay before retry <paramref name="retry"/>: <paramref name="unitRandom"/> (in [0, 1)) of the ceiling.</summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay, double unitRandom) =>
        TimeSpan.FromTicks((long)(Ceiling(retry, baseDelay, maxDelay).Ticks * Math.Clamp(unitRandom, 0.0, 1.0)));

    /// <summary>The delay before retry <paramref name="retry"/>, drawn from <see cref="Random.Shared"/>.</summary>
    public static TimeSpan Delay(int retry, TimeSpan baseDelay, TimeSpan maxDelay) =>
        Delay(retry, baseDelay, maxDelay, Random.Shared.NextDouble());
}
