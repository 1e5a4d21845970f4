namespace LogGrains.Silo.Web;

/// <summary>
/// The body of <c>/api/tenants/sparklines</c>: for every tenant this silo samples, its events/s over the last
/// <see cref="HistorySeconds"/> as compact <c>[unix seconds, events/s]</c> pairs, oldest first.
/// </summary>
internal sealed record TenantSparklines(
    DateTimeOffset GeneratedAt,
    double SampleIntervalSeconds,
    double HistorySeconds,
    IReadOnlyList<TenantSparkline> Tenants)
{
    public static TenantSparklines Build(TenantHistory history, DateTimeOffset now) => new(
        now,
        history.Interval.TotalSeconds,
        history.Window.TotalSeconds,
        history.All().Select(t => new TenantSparkline(t.Key, t.Value.Select(Pair).ToList())).ToList());

    private static double[] Pair(TenantSeriesPoint point) =>
        [Math.Round(point.At.ToUnixTimeMilliseconds() / 1000.0, 3), Math.Round(point.EventsPerSecond, 3)];
}

/// <summary>One tenant's sparkline: <c>[unix seconds, events/s]</c> pairs.</summary>
internal sealed record TenantSparkline(string Tenant, IReadOnlyList<double[]> Points);
