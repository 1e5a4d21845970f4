using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LogGrains.Core.Usage;

/// <summary>
/// The answer to a <see cref="UsageQuery"/> as the CLI and <c>/api/usage</c> give it: the totals per tenant, day and
/// delivery, and their sum.
/// </summary>
/// <param name="Query">What was asked.</param>
/// <param name="Rows">The totals, ordered by tenant, day and delivery.</param>
public sealed record UsageReport(UsageQuery Query, IReadOnlyList<UsageTotal> Rows)
{
    /// <summary>The sum of every row.</summary>
    public UsageCounts Total => Rows.Aggregate(UsageCounts.Zero, (sum, row) => sum + row.Counts);

    /// <summary>
    /// The report as JSON: <c>{"tenant":…|null,"from":"yyyy-MM-dd","to":"yyyy-MM-dd","rows":[{"tenant","day","delivery",
    /// counts…}],"total":{counts…}}</c>, counts under their <see cref="UsageCounts.FieldNames"/>.
    /// </summary>
    /// <param name="indented">Whether to indent.</param>
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            if (Query.Tenant is null)
            {
                json.WriteNull("tenant");
            }
            else
            {
                json.WriteString("tenant", Query.Tenant);
            }

            json.WriteString("from", Day(Query.From));
            json.WriteString("to", Day(Query.To));
            json.WriteStartArray("rows");
            foreach (var row in Rows)
            {
                json.WriteStartObject();
                json.WriteString("tenant", row.Key.Tenant);
                json.WriteString("day", Day(row.Key.Day));
                json.WriteString("delivery", row.Key.DeliveryName);
                WriteCounts(json, row.Counts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("total");
            WriteCounts(json, Total);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The report as CSV: a header line <c>tenant,day,delivery,</c> and the counts' names, then one line per row.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.Append("tenant,day,delivery,").AppendJoin(',', UsageCounts.FieldNames).Append('\n');
        foreach (var row in Rows)
        {
            // Tenant ids are letters, digits, '.', '_' and '-': nothing to quote.
            text.Append(row.Key.Tenant).Append(',').Append(Day(row.Key.Day)).Append(',').Append(row.Key.DeliveryName).Append(',')
                .AppendJoin(',', row.Counts.Values.Select(v => v.ToString(CultureInfo.InvariantCulture))).Append('\n');
        }

        return text.ToString();
    }

    private static string Day(DateOnly day) => day.ToString(UsageQuery.DateFormat, CultureInfo.InvariantCulture);

    private static void WriteCounts(Utf8JsonWriter json, UsageCounts counts)
    {
        for (var i = 0; i < UsageCounts.FieldNames.Count; i++)
        {
            json.WriteNumber(UsageCounts.FieldNames[i], counts.Values[i]);
        }
    }
}
