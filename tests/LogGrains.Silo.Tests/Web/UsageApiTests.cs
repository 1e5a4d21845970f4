using System.Net;
using System.Text.Json;
using LogGrains.Local;
using LogGrains.Silo.Tests.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Web;

/// <summary><c>/api/usage</c> over real HTTP, and <c>loggrains usage</c> on the same local root, after a local silo delivered its samples.</summary>
public sealed class UsageApiTests(TokenSiloFixture fixture) : IClassFixture<TokenSiloFixture>
{
    [Fact]
    public async Task Usage_of_the_day_matches_what_the_local_silo_delivered_over_the_api_and_the_cli()
    {
        var silo = fixture.Silo;
        await silo.WaitForInitialSamplesAsync();
        var samples = silo.App.Services.GetRequiredService<LocalStartup>().Samples;
        var delivered = samples.Where(s => s.Tenant == "acme-corp" && s.ReachesLogs).ToList();
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var client = silo.Client(bearer: TokenSiloFixture.Token);

        using var response = await client.GetAsync(new Uri($"api/usage?tenant=acme-corp&from={today}&to={today}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var row = Assert.Single(report.RootElement.GetProperty("rows").EnumerateArray());
        Assert.Equal(("acme-corp", today, "cloudwatch"), (row.GetProperty("tenant").GetString(), row.GetProperty("day").GetString(), row.GetProperty("delivery").GetString()));
        Assert.Equal(delivered.Count, row.GetProperty("objects").GetInt64());
        Assert.Equal(silo.LoggedEvents("acme-corp"), row.GetProperty("events").GetInt64());
        Assert.True(row.GetProperty("put_log_events_calls").GetInt64() >= 1);
        Assert.Equal(row.GetProperty("events").GetInt64(), report.RootElement.GetProperty("total").GetProperty("events").GetInt64());

        var cli = await CliRun.RunAsync(
            new Dictionary<string, string?> { ["LogGrains:Local:Root"] = silo.Root },
            "usage", "--tenant", "acme-corp", "--from", today, "--to", today, "--format", "csv");
        Assert.True(cli.Exit == 0, cli.ToString());
        var lines = cli.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tenant,day,delivery,objects,events,message_bytes,put_log_events_calls,s3_bytes_copied,events_excluded,events_redacted,dead_letters", lines[0]);
        Assert.StartsWith($"acme-corp,{today},cloudwatch,{delivered.Count},{silo.LoggedEvents("acme-corp")},{row.GetProperty("message_bytes").GetInt64()},", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_is_an_admin_surface_and_a_bad_day_is_refused_naming_the_parameter()
    {
        var silo = fixture.Silo;
        using var anonymous = silo.Client();
        using var admin = silo.Client(bearer: TokenSiloFixture.Token);

        using var refused = await anonymous.GetAsync(new Uri("api/usage", UriKind.Relative));
        using var bad = await admin.GetAsync(new Uri("api/usage?from=2026-13-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'from'", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
