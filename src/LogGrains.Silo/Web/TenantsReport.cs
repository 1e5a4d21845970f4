using System.Globalization;
using LogGrains.Grains;

namespace LogGrains.Silo.Web;

/// <summary>
/// The body of <c>/api/tenants</c>: every tenant cluster-wide with its totals (read live from the tenant grains) and
/// its rates (this silo's sampler, averaged over <see cref="WindowSeconds"/>; MB is 1,000,000 bytes).
/// </summary>
internal sealed record TenantsReport(
    DateTimeOffset GeneratedAt,
    double WindowSeconds,
    double SampleIntervalSeconds,
    IReadOnlyList<TenantRow> Tenants,
    TenantTotals Totals)
{
    private const double BytesPerMegabyte = 1_000_000;

    /// <summary>The dashboard's grain state view of a tenant's grain, relative to the site root.</summary>
    public static string GrainViewOf(string tenant) =>
        string.Create(CultureInfo.InvariantCulture, $"dashboard/GrainState?grainType={Uri.EscapeDataString(typeof(TenantGrain).FullName!)}&grainId={Uri.EscapeDataString(tenant)}");

    public static TenantsReport Build(
        IReadOnlyList<TenantStatsEntry> entries, IReadOnlyDictionary<string, TenantRate> rates, TimeSpan window, TimeSpan interval, DateTimeOffset now)
    {
        var rows = entries.Select(e =>
        {
            var rate = rates.GetValueOrDefault(e.Tenant, TenantRate.None);
            var s = e.Stats;
            return new TenantRow(
                e.Tenant,
                rate.EventsPerSecond,
                rate.BytesPerSecond / BytesPerMegabyte,
                rate.SpanSeconds,
                rate.WaitSeconds,
                s.Objects,
                s.Events,
                s.Bytes,
                s.Batches,
                s.Throttles,
                s.Rejects,
                s.DeadLetters,
                s.Filtered,
                s.Duplicates,
                s.Failures,
                s.LastDelivery,
                s.ConfigProblems,
                GrainViewOf(e.Tenant),
                s.ContentKept,
                s.ContentExcluded,
                s.ContentRedacted,
                s.ContentMatches);
        }).ToList();
        var totals = new TenantTotals(
            rows.Count,
            rows.Count(r => r.ConfigProblems.Length > 0),
            rows.Sum(r => r.EventsPerSecond),
            rows.Sum(r => r.MegabytesPerSecond),
            rows.Sum(r => r.Objects),
            rows.Sum(r => r.Events),
            rows.Sum(r => r.Bytes),
            rows.Sum(r => r.Batches),
            rows.Sum(r => r.Throttles),
            rows.Sum(r => r.Rejects),
            rows.Sum(r => r.DeadLetters),
            rows.Sum(r => r.Filtered),
            rows.Sum(r => r.Duplicates),
            rows.Sum(r => r.Failures),
            rows.Max(r => r.LastDelivery));
        return new TenantsReport(now, window.TotalSeconds, interval.TotalSeconds, rows, totals);
    }
}
