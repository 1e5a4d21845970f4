using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// The web pages as a person sees them: a real headless Chromium against a local-profile silo with an admin token.
/// Screenshots land in <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class WebBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Tenants_page_shows_throughput_for_each_sample_tenant_and_its_numbers_grow_without_reloading()
    {
        var silo = fixture.Silo;
        var browser = fixture.Browser;
        await AssertLockedAsync("tenants", "tenants-401.png");

        await browser.NavigateAsync(new Uri(silo.BaseUri, $"tenants?token={BrowserFixture.Token}"));

        Assert.Equal(new Uri(silo.BaseUri, "tenants").ToString(), await browser.EvaluateAsync<string>("location.href"));
        foreach (var tenant in new[] { "acme-corp", "globex" })
        {
            await browser.WaitUntilAsync(
                $"{Cell(tenant, "eventsPerSecond")} > 0 || {Cell(tenant, "events")} > 0",
                $"the {tenant} row to show throughput (events/s or delivered events above 0)",
                LocalTestSilo.Bound);
        }

        var before = await browser.EvaluateAsync<double>(Cell("acme-corp", "events"));
        await browser.EvaluateAsync<bool>("window.__sameDocument = true");
        var dropped = silo.DropFeedFiles();
        var expected = before + dropped.Where(f => f.Tenant == "acme-corp").Sum(f => f.Events.Count);
        await browser.WaitUntilAsync(
            $"window.__sameDocument === true && {Cell("acme-corp", "events")} === {expected.ToString(CultureInfo.InvariantCulture)} && {Cell("acme-corp", "eventsPerSecond")} > 0",
            $"acme-corp's events to grow from {before} to {expected} with a rate above 0, without a reload",
            LocalTestSilo.Bound);

        var row = await browser.EvaluateAsync<string>("document.querySelector('tr[data-tenant=\"acme-corp\"]').innerText");
        output.WriteLine($"acme-corp row: {row}");
        Assert.Matches(@"acme-corp\s+[1-9][\d,]*\.\d\d|acme-corp\s+0\.[0-9]*[1-9]", row);
        Assert.Contains(expected.ToString("N0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        var link = await browser.EvaluateAsync<string>("document.querySelector('tr[data-tenant=\"acme-corp\"] a.grain').href");
        Assert.Equal(new Uri(silo.BaseUri, "dashboard/GrainState?grainType=LogGrains.Grains.TenantGrain&grainId=acme-corp").ToString(), link);
        Assert.Contains("Total (2 tenants)", await browser.BodyTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync("tenants.png");
    }

    [Fact]
    public async Task Dashboard_renders_behind_the_admin_token()
    {
        var silo = fixture.Silo;
        var browser = fixture.Browser;
        await AssertLockedAsync("dashboard/", "dashboard-401.png");

        await browser.NavigateAsync(new Uri(silo.BaseUri, $"dashboard/?token={BrowserFixture.Token}"));

        Assert.Equal(new Uri(silo.BaseUri, "dashboard/").ToString(), await browser.EvaluateAsync<string>("location.href"));
        await browser.WaitUntilAsync(
            "document.querySelectorAll('#menu a').length > 0 && document.body.innerText.includes('Grains') && !document.body.innerText.includes('Loading...')",
            "the Orleans Dashboard to render its menu and overview",
            LocalTestSilo.Bound);
        await ScreenshotAsync("dashboard.png");

        // DESIGN §4: the dashboard's grain details of TenantGrain/acme-corp show the tenant's counters.
        await silo.WaitForInitialSamplesAsync();
        await browser.NavigateAsync(new Uri(silo.BaseUri, "dashboard/#/grainDetails"));
        await browser.WaitUntilAsync(
            "[...document.querySelectorAll('select option')].some(o => o.value === 'LogGrains.Grains.TenantGrain')",
            "the grain details page to list TenantGrain",
            LocalTestSilo.Bound);
        await browser.EvaluateAsync<bool>(
            """
            (() => {
              const select = document.querySelector('select');
              Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value').set.call(select, 'LogGrains.Grains.TenantGrain');
              select.dispatchEvent(new Event('change', { bubbles: true }));
              const input = document.querySelector('input[placeholder="Grain Id"]');
              Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, 'acme-corp');
              input.dispatchEvent(new Event('input', { bubbles: true }));
              return true;
            })()
            """);
        await browser.EvaluateAsync<bool>("(document.querySelector('input[value=\"Show Details\"]').click(), true)");
        await browser.WaitUntilAsync(
            "document.body.innerText.includes('GetState') && /\"Events\":\\s*[1-9]/.test(document.body.innerText)",
            "the dashboard to show TenantGrain/acme-corp's counters",
            LocalTestSilo.Bound);
        await ScreenshotAsync("dashboard-tenant-grain.png");
    }

    /// <summary>Without the token the URL answers 401, to HttpClient and to a browser holding no cookie.</summary>
    private async Task AssertLockedAsync(string url, string screenshot)
    {
        using var client = fixture.Silo.Client();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await fixture.Browser.ClearCookiesAsync();
        await fixture.Browser.NavigateAsync(new Uri(fixture.Silo.BaseUri, url));
        var text = await fixture.Browser.BodyTextAsync();
        Assert.StartsWith("Unauthorized:", text, StringComparison.Ordinal);
        Assert.Contains("LogGrains__Web__AdminToken", text, StringComparison.Ordinal);
        await ScreenshotAsync(screenshot);
    }

    private async Task ScreenshotAsync(string name)
    {
        var path = await fixture.Browser.ScreenshotAsync(Path.Combine(Screenshots, name));
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>A script expression for a cell's raw number (the page keeps it in data-value beside the formatted text).</summary>
    private static string Cell(string tenant, string column) =>
        $"Number((document.querySelector('tr[data-tenant=\"{tenant}\"] td[data-col=\"{column}\"]') || {{ dataset: {{ value: 'NaN' }} }}).dataset.value)";
}
