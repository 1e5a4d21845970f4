using LogGrains.Abstractions;

namespace LogGrains.Silo.Web;

/// <summary>
/// The body of <c>/api/tenants/{tenant}/series</c>: the tenant's totals (read live from its grain) and its history on this
/// silo, one point per sample over the last <see cref="HistorySeconds"/>, oldest first.
/// </summary>
internal sealed record TenantSeries(
    string Tenant,
    DateTimeOffset GeneratedAt,
    double SampleIntervalSeconds,
    double HistorySeconds,
    TenantStats Totals,
    string GrainView,
    IReadOnlyList<TenantSeriesPoint> Points);
