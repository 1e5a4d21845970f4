using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LogGrains.Silo.Tests.Web;

/// <summary><c>/readyz</c> through a silo's life, and the admin surfaces of a silo without a token.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Readyz_is_503_before_the_silo_starts_200_once_it_is_active_and_503_when_the_app_is_stopping()
    {
        await using var silo = new LocalTestSilo();

        var (beforeStatus, beforeBody) = await InvokeReadyzInProcessAsync(silo);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, beforeStatus);
        Assert.StartsWith("not ready: the Orleans silo is", beforeBody, StringComparison.Ordinal);

        await silo.StartAsync();
        using var client = silo.Client();
        using (var active = await client.GetAsync(new Uri("readyz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
            Assert.Equal("ready\n", await active.Content.ReadAsStringAsync());
        }

        // Stopping is signalled before the server closes: a load balancer must see 503 while requests still drain.
        silo.App.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        using var stopping = await client.GetAsync(new Uri("readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stopping.StatusCode);
        Assert.Equal("not ready: the application is stopping\n", await stopping.Content.ReadAsStringAsync());
        using var health = await client.GetAsync(new Uri("healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_admin_surfaces_answer_loopback_requests()
    {
        await using var silo = await new LocalTestSilo().StartAsync();
        using var client = silo.Client();

        foreach (var url in new[] { "tenants", "api/tenants", "dashboard/" })
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} from 127.0.0.1 answered {(int)response.StatusCode}");
        }
    }

    /// <summary>Before start there is no HTTP server yet, so the mapped endpoint is invoked in process.</summary>
    private static async Task<(int Status, string Body)> InvokeReadyzInProcessAsync(LocalTestSilo silo)
    {
        var endpoint = ((IEndpointRouteBuilder)silo.App).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/readyz");
        var context = new DefaultHttpContext { RequestServices = silo.App.Services };
        context.Response.Body = new MemoryStream();

        await endpoint.RequestDelegate!(context);

        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }
}
