using System.Security.Cryptography;

namespace LogGrains.Silo.Web;

/// <summary>
/// The <c>/tenants</c> page: one static HTML file (embedded in the assembly, no external fonts or scripts) whose
/// script reads <c>/api/tenants</c> every 2 s. Its inline script and style run under a per-response CSP nonce.
/// </summary>
internal static class TenantsPage
{
    private const string ResourceName = "LogGrains.Silo.Web.TenantsPage.html";

    private static readonly Lazy<string> Html = new(() =>
    {
        using var stream = typeof(TenantsPage).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IResult Serve(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(Html.Value.Replace("{{nonce}}", nonce, StringComparison.Ordinal), "text/html; charset=utf-8");
    }
}
