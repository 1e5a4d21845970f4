using System.Net;
using LogGrains.Silo.Web;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// The Orleans Dashboard reads its UI files into memory (22 MB) when it is mapped, so a silo maps it at the first
/// request for it: probes, scrapes and LogGrains' own pages leave it unmapped.
/// </summary>
public sealed class DashboardOnFirstRequestTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-dashboard-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_dashboard_is_mapped_by_the_first_request_under_its_prefix_and_by_no_other()
    {
        await using var silo = await new LocalTestSilo(_root).StartAsync();
        var dashboard = silo.App.Services.GetRequiredService<DashboardOnFirstRequest>();
        using var http = silo.Client();

        foreach (var path in new[] { "healthz", "readyz", "metrics", "tenants", "api/tenants", "dashboards" })
        {
            using var response = await http.GetAsync(new Uri(silo.BaseUri, path));
            Assert.False(dashboard.IsMapped, $"GET /{path} mapped the dashboard");
        }

        using (var page = await http.GetAsync(new Uri(silo.BaseUri, "Dashboard/")))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(dashboard.IsMapped);
        using var again = await http.GetAsync(new Uri(silo.BaseUri, "dashboard/"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var unknown = await http.GetAsync(new Uri(silo.BaseUri, "dashboard/no-such-page.js"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
