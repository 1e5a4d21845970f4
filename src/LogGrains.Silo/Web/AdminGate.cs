using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Web;

/// <summary>
/// Guards the admin surfaces (<c>/dashboard/**</c>, <c>/tenants</c>, <c>/api/tenants</c>). With
/// <c>LogGrains:Web:AdminToken</c> set, a request needs <c>Authorization: Bearer &lt;token&gt;</c> or the admin cookie,
/// which a browser gets by opening a page once with <c>?token=&lt;token&gt;</c> (then it is redirected to the same URL
/// without the token). Without a token the admin surfaces answer loopback requests only: the remote address is the
/// client's, which a trusted proxy (<c>LogGrains:Web:TrustedProxies</c>) may name in <c>X-Forwarded-For</c>, and a
/// loopback request that still carries a forwarded header came through a proxy on this host for someone else, so it is
/// not local. Every other path passes.
/// </summary>
internal sealed partial class AdminGate : IMiddleware
{
    public const string CookieName = "loggrains_admin";

    public const string QueryName = "token";

    private const string TokenSetting = "LogGrains__Web__AdminToken";

    private static readonly PathString[] AdminPaths = ["/dashboard", "/tenants", "/api/tenants", UsageEndpoints.Path];

    private readonly byte[]? _tokenHash;
    private readonly string? _cookieValue;
    private readonly byte[]? _cookieHash;
    private readonly TrustedProxySet _proxies;
    private readonly ILogger<AdminGate> _logger;
    private int _untrustedProxyLogged;

    public AdminGate(IOptions<WebOptions> options, ILogger<AdminGate> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _proxies = options.Value.ParseTrustedProxies();
        if (options.Value.HasAdminToken)
        {
            var token = Encoding.UTF8.GetBytes(options.Value.AdminToken!);
            _tokenHash = SHA256.HashData(token);

            // The cookie carries a value derived from the token, not the token itself.
            _cookieValue = Base64Url(HMACSHA256.HashData(token, "loggrains admin cookie v1"u8));
            _cookieHash = SHA256.HashData(Encoding.UTF8.GetBytes(_cookieValue));
        }
    }

    /// <summary>Whether a path belongs to an admin surface (segment-wise, case-insensitive like routing).</summary>
    public static bool IsAdminPath(PathString path) => AdminPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsAdminPath(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (_tokenHash is null)
        {
            var remote = context.Connection.RemoteIpAddress;
            if (IsLoopback(remote) && !CarriesForwardedHeader(context.Request))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (IsLoopback(remote))
            {
                if (!_proxies.Contains(remote) && Interlocked.Exchange(ref _untrustedProxyLogged, 1) == 0)
                {
                    LogUntrustedLocalProxy(_logger, context.Request.Path, remote, TrustedProxySet.Setting);
                }

                await RefuseAsync(
                    context,
                    StatusCodes.Status403Forbidden,
                    $"Forbidden: no admin token is set and this request came through a proxy, so it is not local; set {TokenSetting}, or list the proxy in {TrustedProxySet.Setting} so that the client it names counts.").ConfigureAwait(false);
                return;
            }

            await RefuseAsync(
                context,
                StatusCodes.Status403Forbidden,
                $"Forbidden: no admin token is set, so {context.Request.Path} answers loopback requests only; set {TokenSetting} to open it to other hosts.").ConfigureAwait(false);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length > 0)
        {
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(authorization["Bearer ".Length..].Trim(), _tokenHash))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"Unauthorized: the Authorization header does not carry the admin token ({TokenSetting}) as 'Bearer <token>'.").ConfigureAwait(false);
            return;
        }

        if (context.Request.Query.TryGetValue(QueryName, out var queryToken))
        {
            if (queryToken.Count == 1 && Matches(queryToken.ToString(), _tokenHash))
            {
                SetCookieAndRedirect(context);
                return;
            }

            await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"Unauthorized: the ?{QueryName}= in the URL is not the admin token ({TokenSetting}).").ConfigureAwait(false);
            return;
        }

        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie))
        {
            if (Matches(cookie, _cookieHash!))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"Unauthorized: the admin cookie is out of date (the admin token changed); open the page once with ?{QueryName}=<token>.").ConfigureAwait(false);
            return;
        }

        await RefuseAsync(
            context,
            StatusCodes.Status401Unauthorized,
            $"Unauthorized: send 'Authorization: Bearer <token>' or open the page once with ?{QueryName}=<token>, where <token> is {TokenSetting}.").ConfigureAwait(false);
    }

    /// <summary>Logs one warning when the aws profile runs without an admin token.</summary>
    public void WarnIfOpen(string profile)
    {
        if (_tokenHash is null && string.Equals(profile, "aws", StringComparison.OrdinalIgnoreCase))
        {
            LogNoToken(_logger, TokenSetting);
        }
    }

    internal static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>
    /// Whether a forwarded header is left: a trusted proxy's <c>X-Forwarded-For</c> is consumed when its chain is read to
    /// the end, an untrusted one's never is, and <c>Forwarded</c> (RFC 7239) is never read.
    /// </summary>
    private static bool CarriesForwardedHeader(HttpRequest request) =>
        request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("Forwarded");

    private static bool Matches(string candidate, byte[] expectedHash) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), expectedHash);

    private void SetCookieAndRedirect(HttpContext context)
    {
        var request = context.Request;
        context.Response.Cookies.Append(CookieName, _cookieValue!, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        var rest = QueryString.Create(request.Query.Where(q => !string.Equals(q.Key, QueryName, StringComparison.Ordinal)));
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect($"{request.PathBase}{request.Path}{rest}");
    }

    private async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        LogRefused(_logger, context.Request.Path, context.Connection.RemoteIpAddress, status);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        if (status == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"loggrains\"";
        }

        await response.WriteAsync(reason + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin token is set ({Setting}): /dashboard, /tenants and /api/tenants answer loopback requests only; set it to reach them through a port-forward or ingress")]
    private static partial void LogNoToken(ILogger logger, string setting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A loopback request for {Path} carries X-Forwarded-For or Forwarded, but {Peer} is not a trusted proxy, so it is refused as not local; if a reverse proxy on this host forwards to the silo, list it in {Setting} (logged once)")]
    private static partial void LogUntrustedLocalProxy(ILogger logger, PathString path, IPAddress? peer, string setting);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Path} from {Remote} with {Status}")]
    private static partial void LogRefused(ILogger logger, PathString path, IPAddress? remote, int status);
}
