using System.Text.Json;
using LogGrains.Abstractions;
using LogGrains.Silo.Web;

namespace LogGrains.Silo.Tests.Web;

/// <summary>The content rules' counters in a tenant's row of <c>/api/tenants</c>, as the endpoint writes it (web JSON defaults).</summary>
public sealed class TenantsReportContentTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void A_tenant_row_carries_the_content_counters_and_the_matches_per_rule()
    {
        var stats = new TenantStats { ContentKept = 7, ContentExcluded = 3, ContentRedacted = 2 };
        stats.ContentMatches["email"] = 2;
        stats.ContentMatches["card-number"] = 1;

        var report = TenantsReport.Build([new TenantStatsEntry("acme", stats)], new Dictionary<string, TenantRate>(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), DateTimeOffset.UnixEpoch);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, Web));

        var row = Assert.Single(json.RootElement.GetProperty("tenants").EnumerateArray());
        Assert.Equal((7, 3, 2), (row.GetProperty("contentKept").GetInt64(), row.GetProperty("contentExcluded").GetInt64(), row.GetProperty("contentRedacted").GetInt64()));
        Assert.Equal(2, row.GetProperty("contentMatches").GetProperty("email").GetInt64());
        Assert.Equal(1, row.GetProperty("contentMatches").GetProperty("card-number").GetInt64());
    }
}
