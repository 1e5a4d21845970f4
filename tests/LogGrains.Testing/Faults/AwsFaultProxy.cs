using System.Collections.Concurrent;
using System.Net;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogGrains.Testing.Faults;

/// <summary>
/// A loopback reverse proxy in front of moto that injects AWS-shaped faults, records every request,
/// enforces STS trust rules (role R only with ExternalId E) and checks every PutLogEvents request
/// against the CloudWatch Logs limits that moto does not enforce.
/// </summary>
/// <remarks>
/// Tests read the records afterwards through <see cref="Requests"/>, which keeps every one, bodies included. A long run
/// hands each record to <see cref="Recorded"/> instead and turns <see cref="RetainRequests"/> off, so that no body
/// outlives its request.
/// </remarks>
public sealed class AwsFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host",
    };

    private readonly Uri _upstream;
    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<LimitViolation> _violations = new();
    private readonly ConcurrentDictionary<string, string> _trust = new(StringComparer.Ordinal);
    private ImmutableRules _rules = new([]);

    private AwsFaultProxy(Uri upstream, WebApplication app)
    {
        _upstream = upstream;
        _app = app;
        _forward = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        })
        { Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>The proxy's own endpoint; point AWS clients here instead of at moto.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The limits PutLogEvents requests are checked against.</summary>
    public CloudWatchLimits Limits { get; set; } = new();

    /// <summary>Every request seen while <see cref="RetainRequests"/> was on, in arrival order.</summary>
    public IReadOnlyCollection<RecordedRequest> Requests => _requests;

    /// <summary>
    /// Whether each request is kept in <see cref="Requests"/> (the default). Off, a record goes only to
    /// <see cref="Recorded"/> and is dropped after it: <see cref="Requests"/>, <see cref="RequestsTo"/> and
    /// <see cref="Count"/> then see nothing.
    /// </summary>
    public bool RetainRequests { get; set; } = true;

    /// <summary>
    /// Raised with each request as it is recorded, before its response is relayed: on the request's own thread, for
    /// several requests at once. A handler's exception fails that request.
    /// </summary>
    public event Action<RecordedRequest>? Recorded;

    /// <summary>Every PutLogEvents limit violation seen.</summary>
    public IReadOnlyCollection<LimitViolation> Violations => _violations;

    /// <summary>Starts a proxy on a free loopback port in front of <paramref name="upstream"/>.</summary>
    public static async Task<AwsFaultProxy> StartAsync(Uri upstream)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var proxy = new AwsFaultProxy(upstream, app);
        app.Run(proxy.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return proxy;
    }

    /// <summary>Adds a fault rule; rules are tried in the order added and the first that fires wins.</summary>
    public FaultRule Inject(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ImmutableRules current, next;
        do
        {
            current = _rules;
            next = new ImmutableRules([.. current.Items, rule]);
        }
        while (Interlocked.CompareExchange(ref _rules, next, current) != current);
        return rule;
    }

    /// <summary>Removes every fault rule (trust rules and records stay).</summary>
    public void ClearFaults() => Interlocked.Exchange(ref _rules, new ImmutableRules([]));

    /// <summary>From now on, AssumeRole on <paramref name="roleArn"/> succeeds only with <paramref name="externalId"/>.</summary>
    public void TrustRole(string roleArn, string externalId) => _trust[roleArn] = externalId;

    /// <summary>Forgets recorded requests and violations.</summary>
    public void ClearRecords()
    {
        _requests.Clear();
        _violations.Clear();
    }

    /// <summary>
    /// The requests that reached the proxy for a service and (optionally) operation, faults included, in arrival
    /// order. A request is recorded before its response is relayed, so a client that has its answer finds it here.
    /// </summary>
    public IReadOnlyList<RecordedRequest> RequestsTo(string service, string? operation = null) =>
        [.. _requests.Where(r => r.Info.Service == service && (operation is null || r.Info.Operation == operation))];

    /// <summary>How many requests reached the proxy for a service and (optionally) operation, faults included.</summary>
    public int Count(string service, string? operation = null) => RequestsTo(service, operation).Count;

    /// <summary>Fails with every violated limit named, if any PutLogEvents request broke one.</summary>
    public void AssertNoLimitViolations()
    {
        if (!_violations.IsEmpty)
        {
            throw new LimitViolationException(_violations.ToArray());
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forward.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var info = AwsRequestClassifier.Classify(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null,
            body);
        var pathAndQuery = $"{request.Path}{request.QueryString}";

        var verdict = Judge(info, body);
        if (verdict is FaultAction.Fail fail)
        {
            Record(info, request.Method, pathAndQuery, fail.Error.StatusCode, fail.Error.Code, body);
            await AwsErrorWriter.WriteAsync(context, info, fail.Error).ConfigureAwait(false);
            return;
        }

        if (verdict is FaultAction.Drop)
        {
            Record(info, request.Method, pathAndQuery, 0, "Drop", body);
            context.Abort();
            return;
        }

        if (verdict is FaultAction.Delay delay)
        {
            await Task.Delay(delay.Latency, context.RequestAborted).ConfigureAwait(false);
        }

        var fault = verdict is FaultAction.Delay ? "Delay" : null;
        await ForwardAsync(context, status => Record(info, request.Method, pathAndQuery, status, fault, body), pathAndQuery, body).ConfigureAwait(false);
    }

    private FaultAction? Judge(AwsRequestInfo info, byte[] body)
    {
        if (info.Service == "logs" && info.Operation == "PutLogEvents")
        {
            var found = PutLogEventsChecker.Check(body, Limits);
            if (found.Count > 0)
            {
                foreach (var violation in found)
                {
                    _violations.Enqueue(violation);
                }

                return new FaultAction.Fail(new AwsError(
                    "InvalidParameterException", 400, $"LogGrains fault proxy: limit violated: {string.Join("; ", found)}"));
            }
        }

        if (info.Service == "sts" && info.Operation == "AssumeRole")
        {
            var form = HttpUtility.ParseQueryString(System.Text.Encoding.UTF8.GetString(body));
            var role = form["RoleArn"] ?? string.Empty;
            if (_trust.TryGetValue(role, out var expected) && !string.Equals(form["ExternalId"], expected, StringComparison.Ordinal))
            {
                return new FaultAction.Fail(new AwsError(
                    "AccessDenied", 403, $"User is not authorized to perform: sts:AssumeRole on resource: {role}"));
            }
        }

        foreach (var rule in _rules.Items)
        {
            if (rule.TryFire(info))
            {
                return rule.Action;
            }
        }

        return null;
    }

    /// <summary>
    /// Forwards to moto. The request is recorded before the response body is relayed, so that a client
    /// that has its answer always finds its request among <see cref="Requests"/> (and <see cref="Recorded"/> has seen it).
    /// </summary>
    private async Task ForwardAsync(HttpContext context, Action<int> record, string pathAndQuery, byte[] body)
    {
        var request = context.Request;
        using var outbound = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, pathAndQuery));
        if (body.Length > 0 || request.ContentLength is not null)
        {
            outbound.Content = new ByteArrayContent(body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outbound.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                outbound.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        outbound.Headers.Host = request.Host.Value;
        using var inbound = await _forward.SendAsync(outbound, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        var response = context.Response;
        response.StatusCode = (int)inbound.StatusCode;
        foreach (var (name, values) in inbound.Headers.Concat(inbound.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                response.Headers[name] = values.ToArray();
            }
        }

        record(response.StatusCode);
        await inbound.Content.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(AwsRequestInfo info, string method, string pathAndQuery, int status, string? fault, byte[] body)
    {
        var record = new RecordedRequest(info, method, pathAndQuery, status, fault, body);
        if (RetainRequests)
        {
            _requests.Enqueue(record);
        }

        Recorded?.Invoke(record);
    }

    private sealed record ImmutableRules(FaultRule[] Items);
}
