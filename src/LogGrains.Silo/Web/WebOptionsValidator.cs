using LogGrains.Grains.Hosting;

namespace LogGrains.Silo.Web;

/// <summary>Checks <see cref="WebOptions"/>: the annotated ranges, and the rules across fields that annotations cannot say.</summary>
internal sealed class WebOptionsValidator() : AnnotatedOptionsValidator<WebOptions>(WebOptions.Section)
{
    protected override IEnumerable<string> ValidateMore(WebOptions options)
    {
        var failures = new List<string>();
        if (options.AdminToken is { } token && token.Length > 0 && (string.IsNullOrWhiteSpace(token) || token.Trim().Length != token.Length))
        {
            failures.Add("LogGrains:Web:AdminToken has leading or trailing white space (or is only white space); set the token itself.");
        }

        if (!TrustedProxySet.TryParse(options.TrustedProxies, out _, out var badEntry))
        {
            failures.Add($"{TrustedProxySet.Setting} has '{badEntry!.ReplaceLineEndings(" ")}', which is neither an IP address nor a CIDR network (such as 10.0.0.0/8); list the reverse proxies separated by commas.");
        }

        if (options.RateWindow < 2 * options.SampleInterval)
        {
            failures.Add($"LogGrains:Web:RateWindow ({options.RateWindow}) must be at least twice LogGrains:Web:SampleInterval ({options.SampleInterval}).");
        }

        if (options.HistoryWindow < 2 * options.SampleInterval)
        {
            failures.Add($"LogGrains:Web:HistoryWindow ({options.HistoryWindow}) must be at least twice LogGrains:Web:SampleInterval ({options.SampleInterval}).");
        }
        else if (TenantHistory.PointsFor(options.HistoryWindow, options.SampleInterval) > TenantHistory.MaxPoints)
        {
            failures.Add($"LogGrains:Web:HistoryWindow ({options.HistoryWindow}) holds more than {TenantHistory.MaxPoints} samples of LogGrains:Web:SampleInterval ({options.SampleInterval}) per tenant; shorten the window or sample less often.");
        }

        return failures;
    }
}
