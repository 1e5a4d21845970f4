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

    /// <summary>
    /// The reverse proxies (IP addresses and CIDR networks) whose <c>X-Forwarded-For</c> is believed; the admin gate then
    /// judges the client the proxies name rather than the proxy. Empty, no forwarded header is believed. Environment
    /// variable <c>LogGrains__Web__TrustedProxies</c>, comma-separated (<c>10.0.0.0/8,127.0.0.1</c>), or one entry per
    /// <c>LogGrains__Web__TrustedProxies__0</c>, <c>__1</c>, …
    /// </summary>
    public IList<string> TrustedProxies { get; } = new List<string>();

    /// <summary>How often each silo samples every tenant's counters for the rates.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The window the rates (events/s, MB/s) are averaged over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far back the sparklines on <c>/tenants</c> and the charts on <c>/tenants/{tenant}</c> reach: each silo keeps one
    /// point per <see cref="SampleInterval"/> for each tenant over this window (at most 1800 points, about 56 bytes each).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan HistoryWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether an admin token is set.</summary>
    public bool HasAdminToken => !string.IsNullOrEmpty(AdminToken);

    /// <summary>
    /// Adds the one-value form <c>LogGrains:Web:TrustedProxies=a,b</c> to <see cref="TrustedProxies"/>: the binder fills a
    /// list from indexed keys only and leaves a plain value out.
    /// </summary>
    internal void AddTrustedProxiesValue(IConfiguration configuration)
    {
        if (configuration.GetSection(Section)[nameof(TrustedProxies)] is { Length: > 0 } value)
        {
            TrustedProxies.Add(value);
        }
    }

    /// <summary>The trusted proxies parsed; none when an entry is malformed (which stops start-up, see <see cref="WebOptionsValidator"/>).</summary>
    internal TrustedProxySet ParseTrustedProxies() => TrustedProxySet.TryParse(TrustedProxies, out var proxies, out _) ? proxies : TrustedProxySet.None;
}
