using System.Net;
using System.Text.Json;

namespace LogGrains.Silo.Tests.Web;

/// <summary><c>LogGrains:Usage:Enabled=false</c>: the silo delivers as before and records no usage; <c>/api/usage</c> still answers.</summary>
public sealed class UsageRecordingSwitchTests
{
    [Fact]
    public async Task With_usage_recording_off_the_samples_are_delivered_and_nothing_is_recorded()
    {
        await using var silo = await new LocalTestSilo(settings: new Dictionary<string, string?> { ["LogGrains:Usage:Enabled"] = "false" }).StartAsync();
        await silo.WaitForInitialSamplesAsync();
        Assert.True(silo.LoggedEvents("acme-corp") > 0, "the samples were not delivered");

        using var client = silo.Client();
        using var response = await client.GetAsync(new Uri("api/usage?tenant=acme-corp", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(report.RootElement.GetProperty("rows").EnumerateArray());
    }
}
