using System.Globalization;
using Spectre.Console;

namespace LogGrains.Cli;

/// <summary>
/// <c>loggrains inspect FILE</c>: how a local Vector file decodes and batches, with the delivery settings in force
/// (<c>LogGrains:Delivery:Limits:*</c>, <c>LogGrains:Delivery:Decode:*</c>). Events without a usable timestamp get
/// the file's modification time, as delivery gives them the S3 event time. Exit 1 when delivery would dead-letter
/// the file.
/// </summary>
internal sealed class InspectCommand(CliContext context, CliSettings settings)
{
    public async Task<int> RunAsync(string path, bool json, CancellationToken cancellationToken)
    {
        var options = settings.Delivery;

        FileInspection inspection;
        DateTimeOffset fallback;
        try
        {
            fallback = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            var file = File.OpenRead(path);
            await using (file.ConfigureAwait(false))
            {
                inspection = await FileInspection.RunAsync(file, fallback, context.Time.GetUtcNow(), options.Limits, options.Decode, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"loggrains: {path} cannot be read: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        if (json)
        {
            WriteJson(path, inspection);
        }
        else
        {
            WriteTable(path, inspection);
        }

        return inspection.Failure is null ? 0 : 1;
    }

    private void WriteTable(string path, FileInspection r)
    {
        var d = r.Decode;
        var p = r.Planner;
        var b = r.Batches;
        var table = new Table().AddColumns("", "value").Title(Markup.Escape(Path.GetFileName(path)));
        void Row(string name, string value) => table.AddRow(TenantCommands.Cells(name, value));
        Row("compression", d.IsGzip ? "gzip" : "none");
        Row("format", d.Format.ToString());
        Row("decompressed bytes", N(d.DecompressedBytes));
        Row("records", N(d.Records));
        Row("events", N(d.Events));
        Row("empty messages skipped", N(d.EmptySkipped));
        Row("invalid UTF-8 repaired", N(d.InvalidUtf8Repaired));
        Row("timestamp fallbacks (file time)", N(d.TimestampFallbacks));
        Row("non-JSON lines", N(d.NonJsonLines));
        Row("first event", Time(r.Times.First));
        Row("last event", Time(r.Times.Last));
        Row("events split (too large)", $"{N(p.EventsSplit)} (+{N(p.ExtraPieces)} pieces)");
        Row("excluded: older than the age limit", N(p.TooOld));
        Row("excluded: too far in the future", N(p.TooNew));
        Row("batches", N(b.Count));
        Row("events per batch min/avg/max", b.Count == 0 ? "-" : $"{N(b.MinEvents)} / {b.AverageEvents.ToString("0.#", CultureInfo.InvariantCulture)} / {N(b.MaxEvents)}");
        Row("bytes per batch min/avg/max", b.Count == 0 ? "-" : $"{N(b.MinBytes)} / {b.AverageBytes.ToString("0", CultureInfo.InvariantCulture)} / {N(b.MaxBytes)}");
        context.Out.Write(table);
        context.WriteLineRaw(r.Failure is null
            ? $"✓ {N(p.PiecesPlanned)} event(s) in {N(b.Count)} batch(es) would be sent"
            : $"✗ poison, delivery would dead-letter it: {r.Failure}");
    }

    private void WriteJson(string path, FileInspection r)
    {
        var d = r.Decode;
        var p = r.Planner;
        var b = r.Batches;
        context.WriteLineRaw(TenantCommands.Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteBoolean("gzip", d.IsGzip);
            w.WriteString("format", d.Format.ToString());
            w.WriteNumber("decompressedBytes", d.DecompressedBytes);
            w.WriteNumber("records", d.Records);
            w.WriteNumber("events", d.Events);
            w.WriteNumber("emptySkipped", d.EmptySkipped);
            w.WriteNumber("invalidUtf8Repaired", d.InvalidUtf8Repaired);
            w.WriteNumber("timestampFallbacks", d.TimestampFallbacks);
            w.WriteNumber("nonJsonLines", d.NonJsonLines);
            WriteTime(w, "firstEvent", r.Times.First);
            WriteTime(w, "lastEvent", r.Times.Last);
            w.WriteNumber("eventsSplit", p.EventsSplit);
            w.WriteNumber("pieces", p.Pieces);
            w.WriteStartObject("excluded");
            w.WriteNumber("tooOld", p.TooOld);
            w.WriteNumber("tooNew", p.TooNew);
            w.WriteEndObject();
            w.WriteNumber("eventsPlanned", p.PiecesPlanned);
            w.WriteStartObject("batches");
            w.WriteNumber("count", b.Count);
            w.WriteNumber("eventsMin", b.MinEvents);
            w.WriteNumber("eventsAvg", Math.Round(b.AverageEvents, 1));
            w.WriteNumber("eventsMax", b.MaxEvents);
            w.WriteNumber("bytesMin", b.MinBytes);
            w.WriteNumber("bytesAvg", Math.Round(b.AverageBytes));
            w.WriteNumber("bytesMax", b.MaxBytes);
            w.WriteEndObject();
            if (r.Failure is null)
            {
                w.WriteNull("failure");
            }
            else
            {
                w.WriteString("failure", r.Failure);
            }

            w.WriteEndObject();
        }));
    }

    private static void WriteTime(System.Text.Json.Utf8JsonWriter w, string name, long? ms)
    {
        if (ms is { } value)
        {
            w.WriteString(name, DateTimeOffset.FromUnixTimeMilliseconds(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(long? ms) =>
        ms is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value).ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "-";
}
