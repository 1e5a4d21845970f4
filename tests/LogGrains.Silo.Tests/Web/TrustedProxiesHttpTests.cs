using System.Net;
using LogGrains.Silo.Hosting;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// <c>LogGrains:Web:TrustedProxies</c> over real HTTP against local-profile silos without an admin token; the test is
/// the proxy on loopback.
/// </summary>
public sealed class TrustedProxiesHttpTests
{
    [Fact]
    public async Task Behind_a_trusted_loopback_proxy_only_a_forwarded_loopback_client_opens_the_admin_pages()
    {
        await using var silo = await new LocalTestSilo(settings: new Dictionary<string, string?> { ["LogGrains:Web:TrustedProxies"] = "10.0.0.0/8, 127.0.0.1" }).StartAsync();

        var local = await GetAsync(silo, "127.0.0.1");
        var localChain = await GetAsync(silo, "::1, 10.20.30.40");
        var external = await GetAsync(silo, "203.0.113.7");
        var spoofed = await GetAsync(silo, "127.0.0.1, 203.0.113.7");

        Assert.Equal(HttpStatusCode.OK, local.Status);
        Assert.Equal(HttpStatusCode.OK, localChain.Status);
        Assert.Equal(HttpStatusCode.Forbidden, external.Status);
        Assert.Equal(HttpStatusCode.Forbidden, spoofed.Status);
    }

    [Fact]
    public async Task Without_trusted_proxies_a_loopback_request_with_a_forwarded_header_is_refused()
    {
        await using var silo = await new LocalTestSilo().StartAsync();

        var plain = await GetAsync(silo, forwardedFor: null);
        var forwarded = await GetAsync(silo, "127.0.0.1");

        Assert.Equal(HttpStatusCode.OK, plain.Status);
        Assert.Equal(HttpStatusCode.Forbidden, forwarded.Status);
        Assert.Contains("LogGrains__Web__TrustedProxies", forwarded.Body, StringComparison.Ordinal);
        Assert.Single(forwarded.Body.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task A_malformed_setting_stops_the_silo_with_exit_code_2_and_one_line_naming_the_setting_and_the_entry()
    {
        var root = Path.Combine(Path.GetTempPath(), "loggrains-silo-" + Guid.NewGuid().ToString("N"));
        var error = new StringWriter();
        var standardError = Console.Error;
        int exit;
        Console.SetError(error);
        try
        {
            exit = await SiloApp.RunAsync(["--LogGrains:Profile=local", $"--LogGrains:Local:Root={root}", "--LogGrains:Web:TrustedProxies=10.0.0.0/8,10.1"]);
        }
        finally
        {
            Console.SetError(standardError);
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }

        Assert.Equal(2, exit);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("loggrains: ", StringComparison.Ordinal));
        Assert.Contains("LogGrains__Web__TrustedProxies", line, StringComparison.Ordinal);
        Assert.Contains("'10.1'", line, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(LocalTestSilo silo, string? forwardedFor)
    {
        using var client = silo.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tenants");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
