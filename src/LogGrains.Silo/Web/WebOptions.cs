using System.ComponentModel.DataAnnotations;

namespace LogGrains.Silo.Web;

/// <summary>The web surface's settings. Section <c>LogGrains:Web</c>.</summary>
public sealed class WebOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Web";

    /// <summary>The one HTTP port of the silo (dashboard, tenants page and API, metrics, health).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The token that opens <c>/dashboard</c>, <c>/tenants</c> and <c>/api/tenants</c>; unset, those answer loopback
    /// requests only. Environment variable <c>LogGrains__Web__AdminToken</c>.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>How often each silo samples every tenant's counters for the rates.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The window the rates (events/s, MB/s) are averaged over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether an admin token is set.</summary>
    public bool HasAdminToken => !string.IsNullOrEmpty(AdminToken);
}
