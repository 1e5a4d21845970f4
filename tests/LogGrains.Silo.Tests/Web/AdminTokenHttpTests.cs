using System.Net;

namespace LogGrains.Silo.Tests.Web;

/// <summary>The admin token rule over real HTTP against a local-profile silo that has a token set.</summary>
public sealed class AdminTokenHttpTests(TokenSiloFixture fixture) : IClassFixture<TokenSiloFixture>
{
    private const string Token = TokenSiloFixture.Token;

    public static TheoryData<string> AdminUrls => ["tenants", "api/tenants", "dashboard/", "dashboard/index.min.js", "Dashboard/ClusterStats"];

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task A_bearer_token_opens_the_admin_surfaces(string url)
    {
        using var client = fixture.Silo.Client(bearer: Token);

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminUrls))]
    public async Task Without_the_token_the_admin_surfaces_answer_401_with_a_one_line_reason(string url)
    {
        using var client = fixture.Silo.Client();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("LogGrains__Web__AdminToken", body, StringComparison.Ordinal);
        Assert.Single(body.TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("Bearer wrong-token")]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Basic " + Token)]
    public async Task A_wrong_authorization_header_answers_401(string authorization)
    {
        using var client = fixture.Silo.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/tenants");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(Token, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_query_token_sets_an_HttpOnly_strict_cookie_and_redirects_to_the_same_url_without_it()
    {
        using var client = fixture.Silo.Client();

        using var redirect = await client.GetAsync(new Uri($"tenants?view=all&token={Token}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal("/tenants?view=all", redirect.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(redirect.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("loggrains_admin=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, setCookie, StringComparison.Ordinal);

        var cookie = setCookie.Split(';')[0];
        foreach (var url in new[] { "tenants?view=all", "api/tenants", "dashboard/" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} with the cookie answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_wrong_query_token_or_a_forged_cookie_answers_401()
    {
        using var client = fixture.Silo.Client();

        using var wrongQuery = await client.GetAsync(new Uri("tenants?token=not-the-token", UriKind.Relative));
        using var request = new HttpRequestMessage(HttpMethod.Get, "tenants");
        request.Headers.Add("Cookie", "loggrains_admin=" + Token);
        using var forgedCookie = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongQuery.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedCookie.StatusCode);
        Assert.False(wrongQuery.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("healthz")]
    [InlineData("readyz")]
    [InlineData("metrics")]
    public async Task Health_readiness_and_metrics_stay_open(string url)
    {
        using var client = fixture.Silo.Client();

        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
        if (url != "metrics")
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
