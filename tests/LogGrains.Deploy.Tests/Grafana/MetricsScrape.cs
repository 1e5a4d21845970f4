namespace LogGrains.Deploy.Tests.Grafana;

/// <summary>The sample names of a Prometheus text exposition (what PromQL selects by), from a real scrape.</summary>
internal static class MetricsScrape
{
    public static async Task<IReadOnlySet<string>> SampleNamesAsync(Uri siloBaseUri)
    {
        using var http = new HttpClient { BaseAddress = siloBaseUri, Timeout = TimeSpan.FromSeconds(30) };
        var text = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        return Parse(text);
    }

    public static IReadOnlySet<string> Parse(string text)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var end = line.IndexOfAny(['{', ' ']);
            names.Add(end < 0 ? line : line[..end]);
        }

        return names;
    }
}
