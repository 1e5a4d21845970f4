using System.Net;
using LogGrains.Silo.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// <c>LogGrains:Web:TrustedProxies</c> through the gate's own pipeline (forwarded headers, then the gate) built from
/// settings as the silo builds it, with peers a loopback test cannot be over the wire.
/// </summary>
public sealed class TrustedProxiesTests
{
    private const string Proxy = "10.0.0.5";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("127.0.0.1, 10.0.0.5")]
    public async Task A_trusted_proxy_forwarding_a_loopback_client_opens_the_admin_pages_without_a_token(string forwardedFor)
    {
        using var pipeline = new Pipeline(Proxy);

        var result = await pipeline.SendAsync(Proxy, forwardedFor);

        Assert.True(result.Passed, $"refused with {result.Status}: {result.Body}");
        Assert.Equal(IPAddress.Parse(forwardedFor.Split(',')[0].Trim()), result.Client);
    }

    [Fact]
    public async Task A_loopback_client_behind_a_trusted_proxy_that_itself_forwards_for_someone_else_is_not_local()
    {
        using var pipeline = new Pipeline(Proxy);

        var result = await pipeline.SendAsync(Proxy, "203.0.113.7, 127.0.0.1");

        Assert.Equal(IPAddress.Loopback, result.Client);
        Assert.False(result.Passed);
        Assert.Equal(StatusCodes.Status403Forbidden, result.Status);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData("127.0.0.1, 203.0.113.7")]
    [InlineData("::1, 2001:db8::7")]
    public async Task A_trusted_proxy_forwarding_an_external_client_is_refused_even_if_the_client_claims_loopback(string forwardedFor)
    {
        using var pipeline = new Pipeline(Proxy);

        var result = await pipeline.SendAsync(Proxy, forwardedFor);

        Assert.False(result.Passed);
        Assert.Equal(StatusCodes.Status403Forbidden, result.Status);
        Assert.Equal(IPAddress.Parse(forwardedFor.Split(',')[^1].Trim()), result.Client);
    }

    [Fact]
    public async Task The_client_is_the_right_most_address_that_is_not_a_trusted_proxy()
    {
        using var pipeline = new Pipeline("10.0.0.0/8");

        var external = await pipeline.SendAsync("10.0.0.5", "127.0.0.1, 198.51.100.2, 10.9.8.7, 10.1.1.1");
        var local = await pipeline.SendAsync("10.0.0.5", "127.0.0.1, 10.9.8.7, 10.1.1.1");

        Assert.Equal(IPAddress.Parse("198.51.100.2"), external.Client);
        Assert.False(external.Passed);
        Assert.Equal(IPAddress.Loopback, local.Client);
        Assert.True(local.Passed, $"refused with {local.Status}: {local.Body}");
    }

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData("10.0.0.6")]
    public async Task An_untrusted_peer_cannot_claim_loopback_with_X_Forwarded_For(string peer)
    {
        using var pipeline = new Pipeline(Proxy);

        var result = await pipeline.SendAsync(peer, "127.0.0.1");

        Assert.False(result.Passed);
        Assert.Equal(StatusCodes.Status403Forbidden, result.Status);
        Assert.Equal(IPAddress.Parse(peer), result.Client);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Proxy)]
    public async Task A_loopback_request_that_carries_a_forwarded_header_from_an_untrusted_peer_is_not_local(string? trusted)
    {
        using var pipeline = new Pipeline(trusted);

        var forwardedFor = await pipeline.SendAsync("127.0.0.1", "127.0.0.1");
        var forwarded = await pipeline.SendAsync("::1", forwardedFor: null, forwarded: "for=127.0.0.1");
        var plain = await pipeline.SendAsync("127.0.0.1", forwardedFor: null);

        Assert.False(forwardedFor.Passed);
        Assert.Equal(StatusCodes.Status403Forbidden, forwardedFor.Status);
        Assert.Contains("LogGrains__Web__TrustedProxies", forwardedFor.Body, StringComparison.Ordinal);
        Assert.False(forwarded.Passed);
        Assert.True(plain.Passed, $"a plain loopback request was refused with {plain.Status}: {plain.Body}");
    }

    [Fact]
    public async Task The_untrusted_local_proxy_is_logged_once_as_a_warning_naming_the_setting()
    {
        using var pipeline = new Pipeline(trusted: null);

        await pipeline.SendAsync("127.0.0.1", "127.0.0.1");
        await pipeline.SendAsync("127.0.0.1", "198.51.100.2");

        var warning = Assert.Single(pipeline.Gate.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("LogGrains__Web__TrustedProxies", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_local_proxy_that_names_no_readable_client_is_not_local()
    {
        using var pipeline = new Pipeline("127.0.0.1");

        var unknown = await pipeline.SendAsync("127.0.0.1", "unknown");
        var unreadableLeft = await pipeline.SendAsync("127.0.0.1", "unknown, 127.0.0.1");
        var forwarded = await pipeline.SendAsync("127.0.0.1", "127.0.0.1", forwarded: "for=\"_hidden\"");

        Assert.False(unknown.Passed);
        Assert.False(unreadableLeft.Passed);
        Assert.False(forwarded.Passed);
        Assert.DoesNotContain(pipeline.Gate.Entries, e => e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Without_trusted_proxies_no_forwarded_header_is_read()
    {
        using var pipeline = new Pipeline(trusted: null);

        var result = await pipeline.SendAsync("203.0.113.9", "127.0.0.1");

        Assert.False(result.Passed);
        Assert.Equal(IPAddress.Parse("203.0.113.9"), result.Client);
    }

    [Fact]
    public async Task With_a_token_the_forwarded_client_does_not_matter()
    {
        using var pipeline = new Pipeline(Proxy, token: "unit-admin-token-77c1");

        var result = await pipeline.SendAsync(Proxy, "127.0.0.1");

        Assert.Equal(StatusCodes.Status401Unauthorized, result.Status);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.1", false)]
    [InlineData("192.168.4.0/22", "192.168.7.255", true)]
    [InlineData("192.168.4.0/22", "192.168.8.0", false)]
    [InlineData("192.168.4.0/22", "::ffff:192.168.5.1", true)]
    [InlineData("fd00::/8", "fd12:3456::1", true)]
    [InlineData("fd00::/8", "fe80::1", false)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("::ffff:10.0.0.5", "10.0.0.5", true)]
    [InlineData("::ffff:10.0.0.5", "::ffff:10.0.0.5", true)]
    [InlineData("0.0.0.0/0", "198.51.100.2", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    public void Membership_is_by_address_or_CIDR_network(string entry, string address, bool trusted)
    {
        Assert.True(TrustedProxySet.TryParse([entry], out var proxies, out _));

        Assert.Equal(trusted, proxies.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public async Task CIDR_membership_decides_whose_X_Forwarded_For_is_read()
    {
        using var pipeline = new Pipeline("172.16.0.0/12");

        var inside = await pipeline.SendAsync("172.31.255.254", "127.0.0.1");
        var outside = await pipeline.SendAsync("172.32.0.1", "127.0.0.1");

        Assert.True(inside.Passed, $"refused with {inside.Status}: {inside.Body}");
        Assert.False(outside.Passed);
        Assert.Equal(IPAddress.Parse("172.32.0.1"), outside.Client);
    }

    [Fact]
    public void The_setting_takes_a_comma_separated_value_or_indexed_entries_or_both()
    {
        var comma = Bind(new() { ["LogGrains:Web:TrustedProxies"] = " 10.0.0.5 ,fd00::/8,,192.168.0.0/16" });
        var indexed = Bind(new() { ["LogGrains:Web:TrustedProxies:0"] = "10.0.0.5", ["LogGrains:Web:TrustedProxies:1"] = "fd00::/8, 192.168.0.0/16" });

        foreach (var options in new[] { comma, indexed })
        {
            var proxies = options.ParseTrustedProxies();
            Assert.Equal(new[] { IPAddress.Parse("10.0.0.5") }, proxies.Addresses);
            Assert.Equal(new[] { IPNetwork.Parse("fd00::/8"), IPNetwork.Parse("192.168.0.0/16") }, proxies.Networks);
        }

        Assert.True(Bind([]).ParseTrustedProxies().IsEmpty);
    }

    [Theory]
    [InlineData("10.0.0.0/33", "10.0.0.0/33")]
    [InlineData("10.1", "10.1")]
    [InlineData("10.0.0.5, proxy.internal", "proxy.internal")]
    [InlineData("10.0.0.5;10.0.0.6", "10.0.0.5;10.0.0.6")]
    [InlineData("10.0.0.0/", "10.0.0.0/")]
    [InlineData("10.0.0.0/+8", "10.0.0.0/+8")]
    [InlineData("fd00::/129", "fd00::/129")]
    [InlineData("10.0.0.5:8080", "10.0.0.5:8080")]
    public void A_malformed_entry_fails_validation_naming_the_setting_and_the_entry(string value, string bad)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["LogGrains:Web:TrustedProxies"] = value }));

        var failure = Assert.Single(error.Failures);
        Assert.Contains("LogGrains__Web__TrustedProxies", failure, StringComparison.Ordinal);
        Assert.Contains($"'{bad}'", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.0/8,127.0.0.1,::1,fd00::/8")]
    [InlineData("")]
    public void Well_formed_settings_pass_validation(string value)
    {
        var options = Bind(new() { ["LogGrains:Web:TrustedProxies"] = value });

        Assert.Equal(value.Length == 0, options.ParseTrustedProxies().IsEmpty);
    }

    private static WebOptions Bind(Dictionary<string, string?> settings)
    {
        using var provider = Services(settings).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WebOptions>>().Value;
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddWebOptions();
        services.AddAdminGate();
        return services;
    }

    /// <summary>The forwarded-headers step and the gate as <see cref="WebExtensions"/> wires them, then a terminal that records the client.</summary>
    private sealed class Pipeline : IDisposable
    {
        private readonly ServiceProvider _provider;
        private readonly RequestDelegate _app;
        private bool _passed;

        public Pipeline(string? trusted, string? token = null)
        {
            var services = Services(new()
            {
                ["LogGrains:Web:TrustedProxies"] = trusted,
                ["LogGrains:Web:AdminToken"] = token,
            });
            services.AddSingleton<ILogger<AdminGate>>(Gate);
            services.AddSingleton<IMiddlewareFactory, MiddlewareFactory>();
            _provider = services.BuildServiceProvider();
            var app = new ApplicationBuilder(_provider);
            app.UseAdminGate();
            app.Run(_ =>
            {
                _passed = true;
                return Task.CompletedTask;
            });
            _app = app.Build();
        }

        public RecordingLogger<AdminGate> Gate { get; } = new();

        public async Task<Result> SendAsync(string peer, string? forwardedFor, string? forwarded = null)
        {
            _passed = false;
            var context = new DefaultHttpContext { RequestServices = _provider };
            context.Request.Method = "GET";
            context.Request.Path = "/api/tenants";
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            context.Connection.RemotePort = 40000;
            if (forwardedFor is not null)
            {
                context.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }

            if (forwarded is not null)
            {
                context.Request.Headers["Forwarded"] = forwarded;
            }

            context.Response.Body = new MemoryStream();
            await _app(context);
            context.Response.Body.Position = 0;
            using var reader = new StreamReader(context.Response.Body);
            return new Result(_passed, context.Response.StatusCode, await reader.ReadToEndAsync(), context.Connection.RemoteIpAddress);
        }

        public void Dispose() => _provider.Dispose();
    }

    private sealed record Result(bool Passed, int Status, string Body, IPAddress? Client);
}
