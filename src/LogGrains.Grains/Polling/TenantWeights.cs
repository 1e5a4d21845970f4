namespace LogGrains.Grains.Polling;

/// <summary>
/// When the poller last asked each tenant's grain for its weight, so that it asks at most once per
/// <see cref="PollerOptions.WeightRefreshInterval"/> and tenant, one question in flight at a time. Not thread-safe: the
/// poller calls it under its lock.
/// </summary>
internal sealed class TenantWeights(TimeSpan refreshInterval)
{
    private readonly Dictionary<string, (DateTimeOffset AskedAt, bool Asking)> _asked = new(StringComparer.Ordinal);

    /// <summary>Whether to ask <paramref name="tenant"/>'s grain now; when true, the question counts as in flight.</summary>
    public bool ShouldAsk(string tenant, DateTimeOffset now)
    {
        if (_asked.TryGetValue(tenant, out var asked) && (asked.Asking || now - asked.AskedAt < refreshInterval))
        {
            return false;
        }

        _asked[tenant] = (now, true);
        return true;
    }

    /// <summary>
    /// The question to <paramref name="tenant"/>'s grain was answered at <paramref name="now"/>; when the weight is not
    /// <paramref name="known"/> (the call or the configuration read failed) the next question may come after
    /// <see cref="RetryAfterFailure"/> instead of the whole refresh interval.
    /// </summary>
    public void Answered(string tenant, DateTimeOffset now, bool known) =>
        _asked[tenant] = (known || RetryAfterFailure >= refreshInterval ? now : now - refreshInterval + RetryAfterFailure, false);

    /// <summary>How soon a failed question is asked again.</summary>
    public static TimeSpan RetryAfterFailure { get; } = TimeSpan.FromSeconds(2);
}
