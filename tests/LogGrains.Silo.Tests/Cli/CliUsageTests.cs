using System.Text.Json;
using LogGrains.Aws.Usage;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Local;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Silo.Tests.Cli;

[Collection(MotoTests.Collection)]
public sealed class CliUsageTests(MotoServer moto)
{
    private static readonly DateOnly Day = new(2026, 12, 3);

    [Fact]
    public async Task Usage_reads_the_DynamoDB_table_per_tenant_and_for_all_with_a_totals_row()
    {
        var table = MotoServer.UniqueName("usage");
        using (var ledger = new DynamoDbUsageLedger(new DynamoDbUsageLedgerOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint }, TestAws.DefaultCredentials))
        {
            await ledger.RecordAsync(new UsageEntry(new UsageKey("acme", Day, DeliveryType.CloudWatch), new UsageCounts(Objects: 2, Events: 40, MessageBytes: 1234, PutLogEventsCalls: 1), "put-1"), CancellationToken.None);
            await ledger.RecordAsync(new UsageEntry(new UsageKey("acme", Day, DeliveryType.S3), new UsageCounts(Objects: 1, S3BytesCopied: 5000), "obj-1"), CancellationToken.None);
            await ledger.RecordAsync(new UsageEntry(new UsageKey("globex", Day.AddDays(-1), DeliveryType.CloudWatch), new UsageCounts(DeadLetters: 1), "dlq-1"), CancellationToken.None);
        }

        var settings = new Dictionary<string, string?>
        {
            ["LogGrains:Profile"] = "aws",
            ["LogGrains:Aws:Region"] = MotoServer.Region,
            ["LogGrains:Aws:ServiceUrl"] = moto.Endpoint.ToString(),
            ["LogGrains:Usage:TableName"] = table,
        };

        var json = await CliRun.RunAsync(settings, "usage", "--tenant", "acme", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "json");
        var all = await CliRun.RunAsync(settings, "usage", "--from", "2026-12-01", "--to", "2026-12-03");

        Assert.True(json.Exit == 0, json.ToString());
        using var report = JsonDocument.Parse(json.Out);
        Assert.Equal(["cloudwatch", "s3"], report.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("delivery").GetString()));
        Assert.Equal(3, report.RootElement.GetProperty("total").GetProperty("objects").GetInt64());
        Assert.Equal(5000, report.RootElement.GetProperty("total").GetProperty("s3_bytes_copied").GetInt64());
        Assert.True(all.Exit == 0, all.ToString());
        Assert.Contains("globex", all.Out, StringComparison.Ordinal);
        Assert.Contains("2026-12-02", all.Out, StringComparison.Ordinal);
        var totalRow = all.Out.Split('\n').Single(l => l.Contains("total", StringComparison.Ordinal) && !l.Contains("usage", StringComparison.Ordinal));
        Assert.Contains("1,234", totalRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_reads_the_local_file_and_an_entry_written_twice_counts_once_across_a_restart()
    {
        var root = Directory.CreateTempSubdirectory("loggrains-usage-");
        try
        {
            var entry = new UsageEntry(new UsageKey("acme", Day, DeliveryType.CloudWatch), new UsageCounts(Events: 7, PutLogEventsCalls: 1), "put-1");
            Assert.True(await new LocalUsageLedger(new LocalPaths(root.FullName)).RecordAsync(entry, CancellationToken.None));
            Assert.False(await new LocalUsageLedger(new LocalPaths(root.FullName)).RecordAsync(entry, CancellationToken.None));
            await File.AppendAllTextAsync(Path.Combine(root.FullName, LocalUsageLedger.FileName), "{\"tenant\":\"acme\",\"da");

            var csv = await CliRun.RunAsync(new Dictionary<string, string?> { ["LogGrains:Local:Root"] = root.FullName }, "usage", "--from", "2026-12-03", "--to", "2026-12-03", "--format", "csv");

            Assert.True(csv.Exit == 0, csv.ToString());
            Assert.Equal("acme,2026-12-03,cloudwatch,0,7,0,1,0,0,0,0", csv.Out.Split('\n')[1]);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--from", "2026-02-30", "--from")]
    [InlineData("--to", "yesterday", "--to")]
    [InlineData("--tenant", "../etc", "--tenant")]
    public async Task A_bad_option_exits_2_naming_it(string option, string value, string named)
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "usage", option, value);

        Assert.Equal(2, result.Exit);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_format_exits_2()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "usage", "--format", "xml");

        Assert.Equal(2, result.Exit);
        Assert.Contains("xml", result.Error, StringComparison.Ordinal);
    }
}
