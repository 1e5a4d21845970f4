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
}
