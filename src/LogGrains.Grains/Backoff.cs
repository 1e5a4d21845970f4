namespace LogGrains.Grains;

/// <summary>Exponential backoff with full jitter: a random delay in [0, min(max, base·2^attempt)].</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
