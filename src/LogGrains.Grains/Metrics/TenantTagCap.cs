using System.Collections.Concurrent;

namespace LogGrains.Grains.Metrics;

/// <summary>
/// Hands out the <c>tenant</c> tag: the first <see cref="Max"/> distinct tenants keep their own name, every later
/// one gets <see cref="LogGrainsMetrics.OtherTenant"/>. Thread-safe; it never holds more than <see cref="Max"/> names.
/// </summary>
internal sealed class TenantTagCap(int max)
{
    private readonly ConcurrentDictionary<string, KeyValuePair<string, object?>> _admitted = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly KeyValuePair<string, object?> _other = new(LogGrainsMetrics.TenantTag, LogGrainsMetrics.OtherTenant);

    public int Max { get; } = max;

    public KeyValuePair<string, object?> TagFor(string tenant)
    {
        if (_admitted.TryGetValue(tenant, out var tag))
        {
            return tag;
        }

        if (_admitted.Count >= Max)
        {
            return _other;
        }

        // Admission is serialised so that two racing newcomers cannot both take the last free place.
        lock (_gate)
        {
            if (_admitted.TryGetValue(tenant, out tag))
            {
                return tag;
            }

            if (_admitted.Count >= Max)
            {
                return _other;
            }

            tag = new KeyValuePair<string, object?>(LogGrainsMetrics.TenantTag, tenant);
            _admitted[tenant] = tag;
            return tag;
        }
    }
}
