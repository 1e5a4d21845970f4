using System.ComponentModel.DataAnnotations;

namespace LogGrains.Grains.Metrics;

/// <summary>How the LogGrains meter tags its series. Section <c>LogGrains:Metrics</c>.</summary>
public sealed class LogGrainsMetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Metrics";

    /// <summary>
    /// Distinct tenants that keep their own <c>tenant</c> tag per silo: the first ones seen. Every further tenant is
    /// recorded as <c>tenant="other"</c>, so a scrape never grows past this many series per instrument.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "LogGrains:Metrics:MaxTenants must be greater than 0.")]
    public int MaxTenants { get; set; } = 100;

    /// <summary>
    /// Series each instrument of Orleans' meter (<c>Microsoft.Orleans</c>) keeps in <c>/metrics</c>. Tag sets beyond
    /// it are summed into one more series tagged <c>otel_metric_overflow="true"</c>, so totals stay right. The OpenTelemetry
    /// SDK reserves this many series per instrument when the instrument is first seen (72 bytes each): its default of
    /// 2,000 for Orleans' ~190 instruments held 30 MB of every silo. Orleans' instrument with the most series, the
    /// message size histograms, has four per peer silo incarnation.
    /// </summary>
    [Range(10, 100_000, ErrorMessage = "LogGrains:Metrics:MaxOrleansSeries must be between 10 and 100000.")]
    public int MaxOrleansSeries { get; set; } = 500;
}
