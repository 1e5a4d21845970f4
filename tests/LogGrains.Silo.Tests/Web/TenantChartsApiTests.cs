using System.Net;
using System.Text.Json;

namespace LogGrains.Silo.Tests.Web;

/// <summary>The charts' JSON, pages and assets over real HTTP against a local-profile silo with an admin token.</summary>
public sealed class TenantChartsApiTests(TokenSiloFixture fixture) : IClassFixture<TokenSiloFixture>
{
    [Fact]
    public async Task Series_has_the_tenants_totals_and_one_point_per_sample_and_the_sparklines_have_every_tenant()
    {
        var silo = fixture.Silo;
        using var client = silo.Client(bearer: TokenSiloFixture.Token);
        await silo.WaitForInitialSamplesAsync();
        silo.DropFeedFiles();

        JsonElement series = default;
        await LocalTestSilo.WaitUntilAsync(
            async () =>
            {
                series = await GetJsonAsync(client, "api/tenants/acme-corp/series", HttpStatusCode.OK);
                return series.GetProperty("points").GetArrayLength() >= 2
                    && series.GetProperty("points").EnumerateArray().Any(p => p.GetProperty("eventsPerSecond").GetDouble() > 0);
            },
            "acme-corp's series to have 2 points, one of them with events");

        Assert.Equal("acme-corp", series.GetProperty("tenant").GetString());
        Assert.Equal((2d, 900d), (series.GetProperty("sampleIntervalSeconds").GetDouble(), series.GetProperty("historySeconds").GetDouble()));
        var stats = await silo.StatsAsync("acme-corp");
        Assert.InRange(series.GetProperty("totals").GetProperty("events").GetInt64(), 1, stats.Events);
        Assert.StartsWith("dashboard/GrainState?", series.GetProperty("grainView").GetString(), StringComparison.Ordinal);
        var points = series.GetProperty("points").EnumerateArray().ToList();
        var times = points.Select(p => p.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.Order(), times);
        foreach (var point in points)
        {
            Assert.InRange(point.GetProperty("spanSeconds").GetDouble(), 1, 60);
            foreach (var name in new[] { "eventsPerSecond", "bytesPerSecond", "throttlesPerSecond", "rejectsPerSecond" })
            {
                Assert.True(point.GetProperty(name).GetDouble() >= 0, name);
            }
        }

        var sparklines = await GetJsonAsync(client, "api/tenants/sparklines", HttpStatusCode.OK);
        Assert.Equal(900, sparklines.GetProperty("historySeconds").GetDouble());
        var tenants = sparklines.GetProperty("tenants").EnumerateArray().ToList();
        Assert.Equal(["acme-corp", "globex"], tenants.Select(t => t.GetProperty("tenant").GetString()));
        var pair = tenants[0].GetProperty("points")[0];
        Assert.Equal(2, pair.GetArrayLength());
        Assert.InRange(pair[0].GetDouble(), DateTimeOffset.UtcNow.AddMinutes(-15).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
    }

    [Theory]
    [InlineData("api/tenants/initech/series", HttpStatusCode.NotFound, "There is no tenant 'initech'; /api/tenants lists the tenants.")]
    [InlineData("api/tenants/-rm/series", HttpStatusCode.BadRequest, "'-rm' is not a tenant id: it must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$.")]
    public async Task Series_of_an_unknown_or_malformed_tenant_says_why_in_json(string path, HttpStatusCode status, string error)
    {
        using var client = fixture.Silo.Client(bearer: TokenSiloFixture.Token);

        var body = await GetJsonAsync(client, path, status);

        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("tenants/acme-corp")]
    [InlineData("api/tenants/acme-corp/series")]
    [InlineData("api/tenants/sparklines")]
    [InlineData("tenants/assets/charts.js")]
    public async Task Charts_are_admin_surfaces(string path)
    {
        using var client = fixture.Silo.Client();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("tenants")]
    [InlineData("tenants/acme-corp")]
    public async Task Pages_carry_a_csp_without_inline_code_and_name_only_same_origin_scripts(string path)
    {
        using var client = fixture.Silo.Client(bearer: TokenSiloFixture.Token);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("nonce", csp, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http", html.Replace("http-equiv", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tenants/assets/loggrains.css", "text/css")]
    [InlineData("tenants/assets/charts.js", "text/javascript")]
    [InlineData("tenants/assets/tenants.js", "text/javascript")]
    [InlineData("tenants/assets/tenant.js", "text/javascript")]
    [InlineData("tenants/assets/favicon.svg", "image/svg+xml")]
    public async Task Assets_come_from_the_executable_with_their_type_and_an_etag(string path, string type)
    {
        using var client = fixture.Silo.Client(bearer: TokenSiloFixture.Token);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("tenants/assets/secrets.js", HttpStatusCode.NotFound)]
    [InlineData("tenants/-x", HttpStatusCode.NotFound)]
    public async Task Unknown_assets_and_malformed_tenant_pages_are_not_found(string path, HttpStatusCode status)
    {
        using var client = fixture.Silo.Client(bearer: TokenSiloFixture.Token);

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{path}: {response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
