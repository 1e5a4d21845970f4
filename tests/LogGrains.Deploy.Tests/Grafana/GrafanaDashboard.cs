using System.Text.Json;
using System.Text.RegularExpressions;

namespace LogGrains.Deploy.Tests.Grafana;

/// <summary>deploy/grafana/loggrains.json and the metric names its PromQL selects.</summary>
internal sealed partial class GrafanaDashboard
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal) { "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset" };

    private GrafanaDashboard(JsonElement root) => Root = root;

    public static string PathOnDisk { get; } = RepositoryPaths.Of("deploy", "grafana", "loggrains.json");

    public JsonElement Root { get; }

    public static GrafanaDashboard Load() => Parse(File.ReadAllText(PathOnDisk));

    public static GrafanaDashboard Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new GrafanaDashboard(document.RootElement.Clone());
    }

    /// <summary>Every panel, rows' nested panels included.</summary>
    public IEnumerable<JsonElement> Panels() => Flatten(Root.GetProperty("panels"));

    /// <summary>Every PromQL expression: panel targets and query variables.</summary>
    public IEnumerable<string> Expressions()
    {
        foreach (var panel in Panels())
        {
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    yield return target.GetProperty("expr").GetString()!;
                }
            }
        }

        foreach (var variable in Root.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.GetProperty("type").GetString() == "query")
            {
                var query = variable.GetProperty("query");
                yield return query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString()! : query.GetString()!;
            }
        }
    }

    /// <summary>
    /// The metric names an expression selects: label_values' metric, and every identifier left once label matchers,
    /// ranges, strings and grouping clauses are removed that is neither a function call nor a keyword.
    /// </summary>
    public static IReadOnlySet<string> MetricNames(string expression)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var labelValues = LabelValues().Match(expression);
        if (labelValues.Success)
        {
            names.Add(labelValues.Groups[1].Value.Trim());
            return names;
        }

        var stripped = Strings().Replace(expression, " ");
        stripped = Braces().Replace(stripped, " ");
        stripped = Brackets().Replace(stripped, " ");
        stripped = Grouping().Replace(stripped, " ");
        foreach (Match identifier in Identifier().Matches(stripped))
        {
            var rest = stripped[(identifier.Index + identifier.Length)..].TrimStart();
            if (!rest.StartsWith('(') && !Keywords.Contains(identifier.Value))
            {
                names.Add(identifier.Value);
            }
        }

        return names;
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*label_values\(\s*([^,{)]+)", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValues();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"", RegexOptions.CultureInvariant)]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]", RegexOptions.CultureInvariant)]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])[A-Za-z_:][A-Za-z0-9_:]*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
