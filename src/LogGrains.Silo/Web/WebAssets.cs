using System.Collections.Frozen;
using System.Security.Cryptography;

namespace LogGrains.Silo.Web;

/// <summary>
/// The pages' HTML, style sheet and scripts, embedded in the executable (nothing comes from outside the cluster) and served
/// from the same origin: the pages at their paths, the rest under <c>/tenants/assets/</c>. Every page carries a strict
/// content-security policy: scripts, styles and fetches from this origin only, no inline script or style, no eval.
/// </summary>
internal static class WebAssets
{
    /// <summary>Where the style sheet and scripts are served.</summary>
    public const string Prefix = "/tenants/assets";

    /// <summary>The pages' content-security policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["loggrains.css"] = "text/css; charset=utf-8",
        ["charts.js"] = "text/javascript; charset=utf-8",
        ["tenants.js"] = "text/javascript; charset=utf-8",
        ["tenant.js"] = "text/javascript; charset=utf-8",
        ["favicon.svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Assets =
        ContentTypes.Keys.ToFrozenDictionary(name => name, name => Resource("Assets." + name), StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> ETags = Assets.ToFrozenDictionary(
        a => a.Key, a => "\"" + Convert.ToHexStringLower(SHA256.HashData(a.Value))[..16] + "\"", StringComparer.Ordinal);

    /// <summary>The names of the served assets.</summary>
    public static IEnumerable<string> Names => ContentTypes.Keys;

    /// <summary>Answers a page (an embedded HTML file beside this class) with the strict policy.</summary>
    public static IResult Page(HttpContext context, byte[] html)
    {
        ArgumentNullException.ThrowIfNull(context);
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(html, "text/html; charset=utf-8");
    }

    /// <summary>Answers <c>/tenants/assets/{file}</c>: one of <see cref="Names"/>, else 404.</summary>
    public static IResult Serve(string file, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Assets.TryGetValue(file, out var bytes))
        {
            return Results.NotFound();
        }

        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = ETags[file];
        headers.XContentTypeOptions = "nosniff";
        if (context.Request.Headers.IfNoneMatch == ETags[file])
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(bytes, ContentTypes[file]);
    }

    /// <summary>An embedded file of <c>src/LogGrains.Silo/Web</c> by its path there, dots for slashes.</summary>
    /// <exception cref="InvalidOperationException">The file was not embedded.</exception>
    public static byte[] Resource(string name)
    {
        var resource = "LogGrains.Silo.Web." + name;
        using var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
