using System.Net;
using System.Text.Json;
using LogGrains.Local;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Web;

/// <summary><c>/api/tenants</c> over real HTTP against a local-profile silo after it delivered its sample files.</summary>
public sealed class TenantsApiTests(TokenSiloFixture fixture) : IClassFixture<TokenSiloFixture>
{
    [Fact]
    public async Task Api_tenants_lists_each_sample_tenant_with_its_delivered_totals_then_rates_when_files_arrive()
    {
        var silo = fixture.Silo;
        using var client = silo.Client(bearer: TokenSiloFixture.Token);
        await silo.WaitForInitialSamplesAsync();
        var samples = silo.App.Services.GetRequiredService<LocalStartup>().Samples;
        var acmeEvents = samples.Where(s => s.Tenant == "acme-corp").Sum(s => s.Events.Count);

        using var report = await GetReportAsync(client);

        var root = report.RootElement;
        Assert.Equal(30, root.GetProperty("windowSeconds").GetDouble());
        Assert.Equal(2, root.GetProperty("sampleIntervalSeconds").GetDouble());
        var tenants = root.GetProperty("tenants").EnumerateArray().ToList();
        Assert.Equal(["acme-corp", "globex"], tenants.Select(t => t.GetProperty("tenant").GetString()));
        var acme = tenants[0];
        Assert.Equal(acmeEvents, acme.GetProperty("events").GetInt64());
        Assert.Equal(samples.Count(s => s.Tenant == "acme-corp"), acme.GetProperty("objects").GetInt64());
        Assert.True(acme.GetProperty("bytes").GetInt64() > 0);
        Assert.True(acme.GetProperty("batches").GetInt64() > 0);
        Assert.Equal(0, acme.GetProperty("throttles").GetInt64());
        Assert.Equal(0, acme.GetProperty("rejects").GetInt64());
        Assert.Equal(0, acme.GetProperty("deadLetters").GetInt64());
        Assert.Equal(string.Empty, acme.GetProperty("configProblems").GetString());
        Assert.True(acme.GetProperty("lastDelivery").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.True(acme.TryGetProperty("eventsPerSecond", out _) && acme.TryGetProperty("megabytesPerSecond", out _));
        var globex = tenants[1];
        Assert.Equal(samples.Count(s => s.Tenant == "globex"), globex.GetProperty("objects").GetInt64());
        Assert.Equal(samples.Where(s => s.Tenant == "globex" && s.ReachesLogs).Sum(s => s.Events.Count), globex.GetProperty("events").GetInt64());
        var totals = root.GetProperty("totals");
        Assert.Equal(2, totals.GetProperty("tenants").GetInt32());
        Assert.Equal(tenants.Sum(t => t.GetProperty("events").GetInt64()), totals.GetProperty("events").GetInt64());

        // The row's link is the dashboard's state view of TenantGrain/acme-corp, and it shows the same counters.
        var grainView = acme.GetProperty("grainView").GetString()!;
        Assert.StartsWith("dashboard/GrainState?", grainView, StringComparison.Ordinal);
        Assert.Contains("grainId=acme-corp", grainView, StringComparison.Ordinal);
        var dashboardState = await client.GetStringAsync(new Uri(grainView, UriKind.Relative));
        using var state = JsonDocument.Parse(JsonSerializer.Deserialize<string>(dashboardState)!);
        Assert.Equal(acmeEvents, state.RootElement.GetProperty("GetState").GetProperty("Events").GetInt64());

        var dropped = silo.DropFeedFiles();
        var droppedAcme = dropped.Where(f => f.Tenant == "acme-corp").Sum(f => f.Events.Count);
        var deadline = DateTime.UtcNow + LocalTestSilo.Bound;
        while (true)
        {
            using var next = await GetReportAsync(client);
            var row = next.RootElement.GetProperty("tenants").EnumerateArray().Single(t => t.GetProperty("tenant").GetString() == "acme-corp");
            if (row.GetProperty("events").GetInt64() == acmeEvents + droppedAcme && row.GetProperty("eventsPerSecond").GetDouble() > 0)
            {
                Assert.True(row.GetProperty("megabytesPerSecond").GetDouble() > 0);
                Assert.True(next.RootElement.GetProperty("totals").GetProperty("eventsPerSecond").GetDouble() > 0);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"acme-corp never showed {acmeEvents + droppedAcme} events and a rate above 0: {row.GetRawText()}");
            await Task.Delay(500);
        }
    }

    private static async Task<JsonDocument> GetReportAsync(HttpClient client)
    {
        using var response = await client.GetAsync(new Uri("api/tenants", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
