using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LogGrains.Orleans.DynamoDB.Tests;

/// <summary>
/// A loopback HTTP proxy that forwards to moto one request at a time. moto runs each request on its own thread
/// and implements TransactWriteItems as snapshot, apply, and restore-the-snapshot on cancellation, so a cancelled
/// transaction running alongside a successful one can undo it. Real DynamoDB transactions are atomic; putting moto
/// behind this proxy gives it that property, while the clients under test still race for real.
/// </summary>
internal sealed class SerializingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly Uri _target;

    private SerializingProxy(Uri target)
    {
        _target = target;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(ForwardAsync);
    }

    public Uri Endpoint { get; private set; } = null!;

    public static async Task<SerializingProxy> StartAsync(Uri target)
    {
        var proxy = new SerializingProxy(target);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _oneAtATime.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        using var request = new HttpRequestMessage(
            new HttpMethod(context.Request.Method),
            new Uri(_target, context.Request.Path + context.Request.QueryString));
        request.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        byte[] responseBody;
        HttpResponseMessage response;
        await _oneAtATime.WaitAsync(context.RequestAborted);
        try
        {
            response = await _http.SendAsync(request, context.RequestAborted);
            responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        }
        finally
        {
            _oneAtATime.Release();
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHopHeaders.Contains(name) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            context.Response.ContentLength = responseBody.Length;
            await context.Response.Body.WriteAsync(responseBody, context.RequestAborted);
        }
    }
}
