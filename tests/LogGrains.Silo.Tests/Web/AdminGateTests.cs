using System.Net;
using LogGrains.Silo.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// The admin gate's decisions for remote addresses a loopback test cannot make over the wire (tests may only reach
/// loopback), and its start-up warning.
/// </summary>
public sealed class AdminGateTests
{
    private const string Token = "unit-admin-token-5a1e9c";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task Without_a_token_an_admin_path_answers_a_loopback_request(string remote)
    {
        var (status, body, passed) = await SendAsync(token: null, "/tenants", remote);

        Assert.True(passed, $"{remote} was refused with {status}: {body}");
    }

    [Theory]
    [InlineData("203.0.113.7", "/tenants")]
    [InlineData("10.1.2.3", "/api/tenants")]
    [InlineData("2001:db8::1", "/dashboard/ClusterStats")]
    [InlineData("::ffff:198.51.100.4", "/Dashboard")]
    [InlineData(null, "/api/tenants")]
    public async Task Without_a_token_an_admin_path_refuses_other_hosts_with_403_naming_the_setting(string? remote, string path)
    {
        var (status, body, passed) = await SendAsync(token: null, path, remote);

        Assert.False(passed);
        Assert.Equal(StatusCodes.Status403Forbidden, status);
        Assert.Contains("LogGrains__Web__AdminToken", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    [InlineData("/tenantsfoo")]
    [InlineData("/api/tenantsx")]
    [InlineData("/dashboards")]
    public async Task Other_paths_pass_from_any_host_with_or_without_a_token(string path)
    {
        Assert.True((await SendAsync(token: null, path, "203.0.113.7")).Passed);
        Assert.True((await SendAsync(Token, path, "203.0.113.7")).Passed);
    }

    [Theory]
    [InlineData("/TENANTS")]
    [InlineData("/Api/Tenants")]
    [InlineData("/dashboard/fonts/fa-solid-900.woff2")]
    [InlineData("/tenants/")]
    public void Admin_paths_match_by_segment_ignoring_case_as_routing_does(string path)
    {
        Assert.True(AdminGate.IsAdminPath(path));
    }

    [Fact]
    public async Task With_a_token_a_remote_request_with_the_bearer_passes_and_one_without_it_gets_401()
    {
        var withBearer = await SendAsync(Token, "/api/tenants", "203.0.113.7", bearer: Token);
        var without = await SendAsync(Token, "/api/tenants", "127.0.0.1");

        Assert.True(withBearer.Passed);
        Assert.False(without.Passed);
        Assert.Equal(StatusCodes.Status401Unauthorized, without.Status);
    }

    [Fact]
    public void The_aws_profile_warns_once_when_no_token_is_set_and_never_logs_the_token()
    {
        var open = new RecordingLogger<AdminGate>();
        var closed = new RecordingLogger<AdminGate>();

        Gate(null, open).WarnIfOpen("aws");
        Gate(null, open).WarnIfOpen("local");
        Gate(Token, closed).WarnIfOpen("aws");

        var warning = Assert.Single(open.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("LogGrains__Web__AdminToken", warning.Message, StringComparison.Ordinal);
        Assert.Empty(closed.Entries);
    }

    [Fact]
    public async Task Refusals_are_logged_without_the_token()
    {
        var logger = new RecordingLogger<AdminGate>();
        var gate = Gate(Token, logger);
        var context = Context("/api/tenants", "127.0.0.1");
        context.Request.Headers.Authorization = "Bearer " + Token + "-wrong";

        await gate.InvokeAsync(context, _ => Task.CompletedTask);

        Assert.NotEmpty(logger.Entries);
        Assert.All(logger.Entries, e => Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal));
    }

    private static AdminGate Gate(string? token, ILogger<AdminGate>? logger = null) =>
        new(Options.Create(new WebOptions { AdminToken = token }), logger ?? new RecordingLogger<AdminGate>());

    private static DefaultHttpContext Context(string path, string? remote)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static async Task<(int Status, string Body, bool Passed)> SendAsync(string? token, string path, string? remote, string? bearer = null)
    {
        var context = Context(path, remote);
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        var passed = false;
        await Gate(token).InvokeAsync(context, _ =>
        {
            passed = true;
            return Task.CompletedTask;
        });
        context.Response.Body.Position = 0;
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync(), passed);
    }
}
