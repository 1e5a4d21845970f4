using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using ScottPlot;

namespace LogGrains.LoadHarness;

/// <summary>A fault or event of the run, marked on the plots.</summary>
internal sealed record Mark(double Seconds, string Label);

/// <summary>Writes results.json, results.md and the plots: throughput (per silo and in total, faults marked), or RSS and stream grains per silo.</summary>
internal static class Report
{
    // A figure with nothing to divide by (no full steady sample, no latency) is NaN; it is written as "NaN", not a crash
    // after a 50-minute run.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(string directory, string mode, object results, IEnumerable<(string Name, string Value)> table, IReadOnlyList<SiloSample> samples, IReadOnlyList<Mark> marks, double origin)
    {
        WriteResults(directory, mode, results, table);
        Plot(Path.Combine(directory, $"{mode}-events-per-second.png"), $"{mode}: delivered events/s per silo", "events/s", samples, marks, origin, s => s.Events);
        Plot(Path.Combine(directory, $"{mode}-megabytes-per-second.png"), $"{mode}: delivered MB/s (message bytes) per silo", "MB/s", samples, marks, origin, s => s.Bytes / 1e6);
        Console.WriteLine($"results and plots in {Path.GetFullPath(directory)}");
    }

    /// <summary>As <see cref="Write"/>, for a run that delivers nothing: plots each silo's RSS and stream grains over time instead of rates.</summary>
    public static void WriteLevels(string directory, string mode, object results, IEnumerable<(string Name, string Value)> table, IReadOnlyList<SiloSample> samples, IReadOnlyList<Mark> marks, double origin)
    {
        WriteResults(directory, mode, results, table);
        PlotLevels(Path.Combine(directory, $"{mode}-rss.png"), $"{mode}: resident set size per silo", "MiB", samples, marks, origin, s => s.RssMiB);
        PlotLevels(Path.Combine(directory, $"{mode}-stream-grains.png"), $"{mode}: stream grain activations per silo", "activations", samples, marks, origin, s => s.StreamGrains);
        Console.WriteLine($"results and plots in {Path.GetFullPath(directory)}");
    }

    private static void WriteResults(string directory, string mode, object results, IEnumerable<(string Name, string Value)> table)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{mode}-results.json"), JsonSerializer.Serialize(results, results.GetType(), Json));
        var md = new StringBuilder($"| {mode} | |\n|---|---|\n");
        foreach (var (name, value) in table)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");
        }

        File.WriteAllText(Path.Combine(directory, $"{mode}-results.md"), md.ToString());
        Console.WriteLine(md);
    }

    private static void PlotLevels(string path, string title, string unit, IReadOnlyList<SiloSample> samples, IReadOnlyList<Mark> marks, double origin, Func<SiloSample, double> level)
    {
        var plot = new Plot();
        foreach (var slot in samples.Select(s => s.Slot).Distinct().Order())
        {
            var series = samples.Where(s => s.Slot == slot && s.Up).ToList();
            var line = plot.Add.Scatter(series.Select(s => s.Seconds - origin).ToArray(), series.Select(level).ToArray());
            line.LegendText = $"silo {slot}";
            line.MarkerSize = 0;
        }

        Save(plot, marks, origin, title, "seconds since the first activation", unit, path);
    }

    private static void AddMarks(Plot plot, IReadOnlyList<Mark> marks, double origin)
    {
        foreach (var mark in marks)
        {
            var v = plot.Add.VerticalLine(mark.Seconds - origin);
            v.Text = mark.Label;
            v.LabelRotation = -90;
            v.LabelAlignment = Alignment.UpperRight;
            v.LinePattern = LinePattern.Dashed;
            v.Color = Colors.Red;
            v.LabelFontSize = 11;
            v.LabelOppositeAxis = true;
        }
    }

    private static void Plot(string path, string title, string unit, IReadOnlyList<SiloSample> samples, IReadOnlyList<Mark> marks, double origin, Func<SiloSample, double> counter)
    {
        var plot = new Plot();
        var totals = new SortedDictionary<double, double>();
        foreach (var slot in samples.Select(s => s.Slot).Distinct().Order())
        {
            var series = samples.Where(s => s.Slot == slot && s.Seconds >= origin - 10).ToList();
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 1; i < series.Count; i++)
            {
                var dt = series[i].Seconds - series[i - 1].Seconds;
                var rate = dt > 0 ? (counter(series[i]) - counter(series[i - 1])) / dt : 0;
                var x = series[i].Seconds - origin;
                xs.Add(x);
                ys.Add(rate);
                var bucket = Math.Round(x / MetricsSampler.Interval.TotalSeconds) * MetricsSampler.Interval.TotalSeconds;
                totals[bucket] = totals.GetValueOrDefault(bucket) + rate;
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray());
            line.LegendText = $"silo {slot}";
            line.MarkerSize = 0;
        }

        var total = plot.Add.Scatter(totals.Keys.ToArray(), totals.Values.ToArray());
        total.LegendText = "total";
        total.MarkerSize = 0;
        total.LineWidth = 2;
        total.Color = Colors.Black;
        Save(plot, marks, origin, title, "seconds since the measured window began", unit, path);
    }

    /// <summary>Marks the run's events, labels the plot and writes it as a 1400 × 650 PNG.</summary>
    private static void Save(Plot plot, IReadOnlyList<Mark> marks, double origin, string title, string xLabel, string unit, string path)
    {
        AddMarks(plot, marks, origin);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(unit);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1400, 650);
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string F(double value, string format = "F2") => value.ToString(format, CultureInfo.InvariantCulture);
}
