using LogGrains.Abstractions;

namespace LogGrains.Silo.Web;

/// <summary>
/// Every tenant's throughput over the last <see cref="WebOptions.HistoryWindow"/>, one <see cref="TenantSeriesPoint"/> per
/// sample: the growth of its cumulative counters since the previous sample, divided by the time between them. A counter
/// that went down (state reloaded from an older flush) counts as no growth; a tenant's first sample gives no point; a
/// sample after failed ones gives one point that averages over the whole gap (its <see cref="TenantSeriesPoint.SpanSeconds"/>
/// says how long). A tenant missing from a sample (deleted) loses its history.
/// </summary>
/// <remarks>
/// Memory is bounded per tenant: a ring of <see cref="Capacity"/> points (window ÷ interval, at most
/// <see cref="MaxPoints"/>) of <see cref="PointBytes"/> bytes each, allocated when the tenant is first seen, plus its last
/// counters: 450 points, about 25 kB, with the defaults (15 min every 2 s).
/// </remarks>
internal sealed class TenantHistory
{
    /// <summary>The most points a tenant's history may hold (checked at start-up, <see cref="WebOptionsValidator"/>).</summary>
    public const int MaxPoints = 1800;

    /// <summary>The size of one point in memory (a <see cref="DateTimeOffset"/> and five doubles).</summary>
    public const int PointBytes = 56;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Track> _tracks = new(StringComparer.Ordinal);

    public TenantHistory(TimeSpan window, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, interval);
        Window = window;
        Interval = interval;
        Capacity = PointsFor(window, interval);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Capacity, MaxPoints, nameof(window));
    }

    /// <summary>How far back the history reaches.</summary>
    public TimeSpan Window { get; }

    /// <summary>The time between samples.</summary>
    public TimeSpan Interval { get; }

    /// <summary>The most points one tenant's history holds.</summary>
    public int Capacity { get; }

    /// <summary>How many points a history of <paramref name="window"/> sampled every <paramref name="interval"/> holds.</summary>
    public static int PointsFor(TimeSpan window, TimeSpan interval) => (int)Math.Min(int.MaxValue, Math.Ceiling(window / interval));

    /// <summary>Adds one sample of every tenant's counters taken at <paramref name="at"/>.</summary>
    public void Add(DateTimeOffset at, IReadOnlyList<TenantStatsEntry> entries)
    {
        lock (_gate)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                seen.Add(entry.Tenant);
                var counters = Counters.Of(entry.Stats);
                if (!_tracks.TryGetValue(entry.Tenant, out var track))
                {
                    _tracks[entry.Tenant] = new Track(Capacity, at, counters);
                    continue;
                }

                track.Add(at, counters);
            }

            foreach (var tenant in _tracks.Keys.Where(t => !seen.Contains(t)).ToList())
            {
                _tracks.Remove(tenant);
            }

            foreach (var track in _tracks.Values)
            {
                track.DropBefore(at - Window);
            }
        }
    }

    /// <summary>A tenant's points, oldest first; none for a tenant not sampled yet.</summary>
    public IReadOnlyList<TenantSeriesPoint> Of(string tenant)
    {
        lock (_gate)
        {
            return _tracks.TryGetValue(tenant, out var track) ? track.Points() : [];
        }
    }

    /// <summary>Every sampled tenant's points, oldest first, sorted by tenant.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<TenantSeriesPoint>>> All()
    {
        lock (_gate)
        {
            return _tracks
                .OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => KeyValuePair.Create(t.Key, (IReadOnlyList<TenantSeriesPoint>)t.Value.Points()))
                .ToList();
        }
    }

    private readonly record struct Counters(long Events, long Bytes, long Throttles, long Rejects)
    {
        public static Counters Of(TenantStats stats) => new(stats.Events, stats.Bytes, stats.Throttles, stats.Rejects);
    }

    /// <summary>One tenant's last counters and its ring of points.</summary>
    private sealed class Track(int capacity, DateTimeOffset at, Counters counters)
    {
        private readonly TenantSeriesPoint[] _ring = new TenantSeriesPoint[capacity];
        private DateTimeOffset _lastAt = at;
        private Counters _last = counters;
        private int _start;
        private int _count;

        public void Add(DateTimeOffset at, Counters now)
        {
            var span = (at - _lastAt).TotalSeconds;
            if (span <= 0)
            {
                return;
            }

            var point = new TenantSeriesPoint(
                at,
                span,
                Growth(_last.Events, now.Events) / span,
                Growth(_last.Bytes, now.Bytes) / span,
                Growth(_last.Throttles, now.Throttles) / span,
                Growth(_last.Rejects, now.Rejects) / span);
            _lastAt = at;
            _last = now;
            if (_count == _ring.Length)
            {
                _start = (_start + 1) % _ring.Length;
                _count--;
            }

            _ring[(_start + _count) % _ring.Length] = point;
            _count++;
        }

        public void DropBefore(DateTimeOffset oldest)
        {
            while (_count > 0 && _ring[_start].At <= oldest)
            {
                _start = (_start + 1) % _ring.Length;
                _count--;
            }
        }

        public TenantSeriesPoint[] Points()
        {
            var points = new TenantSeriesPoint[_count];
            for (var i = 0; i < _count; i++)
            {
                points[i] = _ring[(_start + i) % _ring.Length];
            }

            return points;
        }

        private static double Growth(long before, long after) => Math.Max(0, after - before);
    }
}
