using System.Globalization;
using LogGrains.Aws.Usage;
using LogGrains.Core.Ports;
using LogGrains.Core.Usage;
using LogGrains.Local;
using Spectre.Console;

namespace LogGrains.Cli;

/// <summary>
/// <c>loggrains usage [--tenant T] [--from D] [--to D] [--format table|csv|json]</c>: the usage totals of the configured
/// profile's ledger (the DynamoDB usage table, or <c>usage.jsonl</c> under the local root) per tenant, UTC day and
/// delivery, with a totals row.
/// </summary>
internal sealed class UsageCommand(CliContext context, CliSettings settings)
{
    /// <summary>The output formats.</summary>
    public static readonly string[] Formats = ["table", "csv", "json"];

    /// <summary>Reads and prints the totals.</summary>
    /// <exception cref="CliUsageException">An option is wrong; the message names it.</exception>
    public async Task<int> RunAsync(string? tenant, string? from, string? to, string format, CancellationToken cancellationToken)
    {
        if (!UsageQuery.TryParse(tenant, from, to, context.Time.GetUtcNow(), out var query, out var field, out var problem))
        {
            throw new CliUsageException($"--{field} {problem}.");
        }

        var ledger = Open();
        IReadOnlyList<UsageTotal> rows;
        try
        {
            rows = await ledger.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            (ledger as IDisposable)?.Dispose();
        }

        var report = new UsageReport(query, rows);
        switch (format)
        {
            case "json":
                context.WriteLineRaw(report.ToJson(indented: true));
                break;
            case "csv":
                context.WriteRaw(report.ToCsv());
                break;
            default:
                WriteTable(report);
                break;
        }

        return LogGrainsCli.Ok;
    }

    private IUsageLedger Open()
    {
        if (!settings.IsAws)
        {
            return new LocalUsageLedger(settings.LocalPaths);
        }

        var options = settings.Usage;
        options.CreateIfNotExists = false;
        try
        {
            return new DynamoDbUsageLedger(options);
        }
        catch (ArgumentException e)
        {
            throw new CliSettingException(e.Message, e);
        }
    }

    private void WriteTable(UsageReport report)
    {
        var table = new Table()
            .Title(Markup.Escape($"usage {(report.Query.Tenant ?? "of every tenant")}, {Day(report.Query.From)} to {Day(report.Query.To)} (UTC days)"))
            .AddColumns("tenant", "day", "delivery")
            .AddColumns([.. UsageCounts.FieldNames.Select(n => new TableColumn(n).RightAligned())]);
        foreach (var row in report.Rows)
        {
            table.AddRow([row.Key.Tenant, Day(row.Key.Day), row.Key.DeliveryName, .. Numbers(row.Counts)]);
        }

        table.AddEmptyRow();
        table.AddRow(["total", string.Empty, string.Empty, .. Numbers(report.Total)]);
        context.Out.Write(table);
    }

    private static string Day(DateOnly day) => day.ToString(UsageQuery.DateFormat, CultureInfo.InvariantCulture);

    private static IEnumerable<string> Numbers(UsageCounts counts) =>
        counts.Values.Select(v => Markup.Escape(v.ToString("N0", CultureInfo.InvariantCulture)));
}
