using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// The web pages as a person sees them: Debian's headless Chromium, driven by Playwright, against a local-profile silo with
/// an admin token. Screenshots land in <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class WebBrowserTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Tenants_page_shows_throughput_for_each_sample_tenant_and_its_numbers_grow_without_reloading()
    {
        var silo = fixture.Silo;
        await AssertLockedAsync("tenants", "tenants-401.png");
        await using var browser = await fixture.NewPageAsync();

        await browser.GotoAsync(new Uri(silo.BaseUri, $"tenants?token={BrowserFixture.Token}"));

        Assert.Equal(new Uri(silo.BaseUri, "tenants").ToString(), browser.Page.Url);
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

        var row = await browser.Page.InnerTextAsync("tr[data-tenant=\"acme-corp\"]");
        output.WriteLine($"acme-corp row: {row}");
        Assert.Matches(@"acme-corp\s+[1-9][\d,]*\.\d\d|acme-corp\s+0\.[0-9]*[1-9]", row);
        Assert.Contains(expected.ToString("N0", CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        var link = await browser.EvaluateAsync<string>("document.querySelector('tr[data-tenant=\"acme-corp\"] a.grain').href");
        Assert.Equal(new Uri(silo.BaseUri, "dashboard/GrainState?grainType=LogGrains.Grains.TenantGrain&grainId=acme-corp").ToString(), link);
        Assert.Contains("Total (2 tenants)", await browser.BodyTextAsync(), StringComparison.Ordinal);
        await ScreenshotAsync(browser, "tenants.png");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Tenants_page_draws_a_sparkline_and_a_page_link_per_tenant_that_grow_without_reloading_and_shows_the_wait()
    {
        var silo = fixture.Silo;
        await using var browser = await fixture.NewPageAsync();
        await browser.GotoAsync(new Uri(silo.BaseUri, $"tenants?token={BrowserFixture.Token}"));
        await browser.EvaluateAsync<bool>("window.__sameDocument = true");
        silo.DropFeedFiles();
        foreach (var tenant in new[] { "acme-corp", "globex" })
        {
            await browser.WaitUntilAsync(
                $"{Sparkline(tenant)} && Number({Sparkline(tenant)}.dataset.points) >= 2 && {Sparkline(tenant)}.querySelector('path.line')",
                $"the {tenant} row to draw a sparkline of at least 2 points",
                LocalTestSilo.Bound);
            var href = await browser.EvaluateAsync<string>($"document.querySelector('tr[data-tenant=\"{tenant}\"] a.tenant-link').href");
            Assert.Equal(new Uri(silo.BaseUri, $"tenants/{tenant}").ToString(), href);
        }

        // Issue 17: a tenant whose objects waited in the poller shows that mean wait in the Wait column.
        await browser.WaitUntilAsync(
            $"{Cell("acme-corp", "waitSeconds")} >= 0 && document.querySelector('tr[data-tenant=\"acme-corp\"] td[data-col=\"waitSeconds\"]').dataset.value !== ''",
            "acme-corp's Wait cell to show the mean wait of its objects",
            LocalTestSilo.Bound);
        var wait = await browser.Page.InnerTextAsync("tr[data-tenant=\"acme-corp\"] td[data-col=\"waitSeconds\"]");
        output.WriteLine($"acme-corp wait: {wait}");
        Assert.Matches(@"^\d[\d,]* ms$|^\d+\.\d\d s$", wait);

        var points = await browser.EvaluateAsync<int>($"Number({Sparkline("acme-corp")}.dataset.points)");
        var path = await browser.EvaluateAsync<string>($"{Sparkline("acme-corp")}.querySelector('path.line').getAttribute('d')");
        silo.DropFeedFiles();
        await browser.WaitUntilAsync(
            $"window.__sameDocument === true && Number({Sparkline("acme-corp")}.dataset.points) > {points} && {Sparkline("acme-corp")}.querySelector('path.line').getAttribute('d') !== '{path}'",
            $"acme-corp's sparkline to grow beyond {points} points without a reload",
            LocalTestSilo.Bound);
        Assert.NotEqual("none", await browser.EvaluateAsync<string>($"getComputedStyle({Sparkline("acme-corp")}.querySelector('path.line')).stroke"));
        var label = await browser.EvaluateAsync<string>($"{Sparkline("acme-corp")}.getAttribute('aria-label')");
        Assert.Matches(@"^acme-corp: events per second over the last 15 min, \d+ samples, latest [\d,.]+, peak [\d,.]+$", label);
        await ScreenshotAsync(browser, "tenants-sparklines.png");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Tenant_page_charts_events_bytes_throttles_and_rejects_and_the_charts_grow_without_reloading()
    {
        var silo = fixture.Silo;
        await AssertLockedAsync("tenants/acme-corp", "tenant-401.png");
        await using var browser = await fixture.NewPageAsync();
        await browser.GotoAsync(new Uri(silo.BaseUri, $"tenants?token={BrowserFixture.Token}"));
        await browser.WaitUntilAsync("document.querySelector('tr[data-tenant=\"acme-corp\"] a.tenant-link')", "the acme-corp row", LocalTestSilo.Bound);

        await browser.Page.ClickAsync("tr[data-tenant=\"acme-corp\"] a.tenant-link");
        await browser.Page.WaitForURLAsync(new Uri(silo.BaseUri, "tenants/acme-corp").ToString());

        await browser.EvaluateAsync<bool>("window.__sameDocument = true");
        silo.DropFeedFiles();
        string[] charts = ["eventsPerSecond", "bytesPerSecond", "throttlesPerSecond", "rejectsPerSecond"];
        foreach (var chart in charts)
        {
            await browser.WaitUntilAsync(
                $"Number({Chart(chart)}.dataset.points) >= 2 && {Chart(chart)}.querySelector('path.line') && {Chart(chart)}.querySelectorAll('text.tick').length >= 7",
                $"the {chart} chart to draw a line of at least 2 points with its axes' labels",
                LocalTestSilo.Bound);
        }

        // The totals settle once the dropped files are delivered; then the next drop's growth is exact.
        await silo.WaitUntilStagingEmptyAsync();
        var before = (await silo.StatsAsync("acme-corp")).Events;
        await browser.WaitUntilAsync(
            $"Number(document.querySelector('dd[data-total=\"events\"]').dataset.value) === {before.ToString(CultureInfo.InvariantCulture)}",
            $"the totals to show acme-corp's {before} delivered events",
            LocalTestSilo.Bound);
        Assert.Equal("LogGrains · acme-corp", await browser.Page.TitleAsync());
        var points = await browser.EvaluateAsync<int>($"Number({Chart("eventsPerSecond")}.dataset.points)");
        var path = await browser.EvaluateAsync<string>($"{Chart("eventsPerSecond")}.querySelector('path.line').getAttribute('d')");
        var dropped = silo.DropFeedFiles();
        var expected = before + dropped.Where(f => f.Tenant == "acme-corp").Sum(f => f.Events.Count);
        await browser.WaitUntilAsync(
            $"""
            window.__sameDocument === true
              && Number(document.querySelector('dd[data-total="events"]').dataset.value) === {expected.ToString(CultureInfo.InvariantCulture)}
              && Number({Chart("eventsPerSecond")}.dataset.points) > {points}
              && {Chart("eventsPerSecond")}.querySelector('path.line').getAttribute('d') !== '{path}'
            """,
            $"the totals to grow from {before} to {expected} events and the events chart beyond {points} points, without a reload",
            LocalTestSilo.Bound);

        foreach (var chart in charts)
        {
            // Read together: the page redraws every 2 s, and between two reads a new sample may arrive.
            var read = await browser.EvaluateAsync<string[]>($"[{Chart(chart)}.getAttribute('aria-label'), {Chart(chart)}.querySelector('title').textContent]");
            var (label, title) = (read[0], read[1]);
            output.WriteLine($"{chart}: {label}");
            Assert.Matches(@" of acme-corp over the last 15 min: \d+ samples, latest .+, peak .+$", label);
            Assert.Equal(label, title);
            Assert.NotEqual("none", await browser.EvaluateAsync<string>($"getComputedStyle({Chart(chart)}.querySelector('path.line')).stroke"));
        }

        var eventsPeak = await browser.EvaluateAsync<string>($"{Chart("eventsPerSecond")}.getAttribute('aria-label')");
        Assert.DoesNotMatch("peak 0$", eventsPeak);
        await ScreenshotAsync(browser, "tenant-page.png");
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Tenant_page_of_an_unknown_tenant_says_so()
    {
        await using var browser = await fixture.NewPageAsync();
        await browser.GotoAsync(new Uri(fixture.Silo.BaseUri, $"tenants/initech?token={BrowserFixture.Token}"));

        await browser.WaitUntilAsync(
            "document.getElementById('status').classList.contains('error')",
            "the page to report the unknown tenant",
            LocalTestSilo.Bound);
        Assert.Equal("Could not refresh: 404 There is no tenant 'initech'; /api/tenants lists the tenants.", await browser.Page.InnerTextAsync("#status-text"));
    }

    [Fact]
    public async Task Dashboard_renders_behind_the_admin_token()
    {
        var silo = fixture.Silo;
        await AssertLockedAsync("dashboard/", "dashboard-401.png");
        await using var browser = await fixture.NewPageAsync();

        await browser.GotoAsync(new Uri(silo.BaseUri, $"dashboard/?token={BrowserFixture.Token}"));

        Assert.Equal(new Uri(silo.BaseUri, "dashboard/").ToString(), browser.Page.Url);
        await browser.WaitUntilAsync(
            "document.querySelectorAll('#menu a').length > 0 && document.body.innerText.includes('Grains') && !document.body.innerText.includes('Loading...')",
            "the Orleans Dashboard to render its menu and overview",
            LocalTestSilo.Bound);
        await ScreenshotAsync(browser, "dashboard.png");

        // DESIGN §4: the dashboard's grain details of TenantGrain/acme-corp show the tenant's counters.
        await silo.WaitForInitialSamplesAsync();
        await browser.GotoAsync(new Uri(silo.BaseUri, "dashboard/#/grainDetails"));
        await browser.WaitUntilAsync(
            "[...document.querySelectorAll('select option')].some(o => o.value === 'LogGrains.Grains.TenantGrain')",
            "the grain details page to list TenantGrain",
            LocalTestSilo.Bound);
        await browser.Page.SelectOptionAsync("select", "LogGrains.Grains.TenantGrain");
        await browser.Page.FillAsync("input[placeholder=\"Grain Id\"]", "acme-corp");
        await browser.Page.ClickAsync("input[value=\"Show Details\"]");
        await browser.WaitUntilAsync(
            "document.body.innerText.includes('GetState') && /\"Events\":\\s*[1-9]/.test(document.body.innerText)",
            "the dashboard to show TenantGrain/acme-corp's counters",
            LocalTestSilo.Bound);
        await ScreenshotAsync(browser, "dashboard-tenant-grain.png");
    }

    /// <summary>Without the token the URL answers 401, to HttpClient and to a browser holding no cookie.</summary>
    private async Task AssertLockedAsync(string url, string screenshot)
    {
        using var client = fixture.Silo.Client();
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        await using var browser = await fixture.NewPageAsync();
        await browser.GotoAsync(new Uri(fixture.Silo.BaseUri, url));
        var text = await browser.BodyTextAsync();
        Assert.StartsWith("Unauthorized:", text, StringComparison.Ordinal);
        Assert.Contains("LogGrains__Web__AdminToken", text, StringComparison.Ordinal);
        await ScreenshotAsync(browser, screenshot);
    }

    private async Task ScreenshotAsync(BrowserPage browser, string name)
    {
        var path = await browser.ScreenshotAsync(Path.Combine(Screenshots, name));
        output.WriteLine($"screenshot: {path}");
    }

    /// <summary>A script expression for a cell's raw number (the page keeps it in data-value beside the formatted text).</summary>
    private static string Cell(string tenant, string column) =>
        $"Number((document.querySelector('tr[data-tenant=\"{tenant}\"] td[data-col=\"{column}\"]') || {{ dataset: {{ value: 'NaN' }} }}).dataset.value)";

    private static string Sparkline(string tenant) => $"document.querySelector('tr[data-tenant=\"{tenant}\"] svg.sparkline')";

    private static string Chart(string series) => $"document.querySelector('figure[data-chart=\"{series}\"] svg')";
}
