using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;
using LogGrains.Core.Events;

namespace LogGrains.Cli;

/// <summary>
/// What delivery would make of one Vector file: the real <see cref="VectorFileReader"/> feeding the real
/// <see cref="BatchPlanner"/>, with the same limits, the same fallback time rule and "now" as the planning time.
/// </summary>
internal sealed class FileInspection
{
    private FileInspection(DecodeStats decode, PlannerStats planner, TimeRange times, BatchFigures batches, string? failure)
    {
        Decode = decode;
        Planner = planner;
        Times = times;
        Batches = batches;
        Failure = failure;
    }

    public DecodeStats Decode { get; }

    public PlannerStats Planner { get; }

    /// <summary>Earliest and latest event time, Unix ms; null when there was no event.</summary>
    public TimeRange Times { get; }

    public BatchFigures Batches { get; }

    /// <summary>Why the file is poison (delivery would dead-letter it), or null.</summary>
    public string? Failure { get; }

    /// <summary>Decodes and plans a whole file.</summary>
    /// <param name="content">The file's bytes, gzip or not.</param>
    /// <param name="fallbackTime">The time of events without a usable timestamp (delivery uses the S3 event time).</param>
    /// <param name="now">The planning time that the age limits are measured from.</param>
    /// <param name="limits">The PutLogEvents limits.</param>
    /// <param name="decodeOptions">The decoder's limits.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<FileInspection> RunAsync(
        Stream content, DateTimeOffset fallbackTime, DateTimeOffset now, BatchLimits limits, DecodeOptions decodeOptions, CancellationToken cancellationToken)
    {
        var reader = new VectorFileReader(content, fallbackTime, decodeOptions);
        await using var readerLease = reader.ConfigureAwait(false);
        using var planner = new BatchPlanner(limits, now);
        var sink = new ObservingSink(planner);
        var batches = new BatchFigures();
        string? failure = null;
        try
        {
            while (await reader.ReadAsync(sink, cancellationToken).ConfigureAwait(false))
            {
                Drain(planner, batches);
            }

            planner.Complete();
            Drain(planner, batches);
        }
        catch (VectorDecodeException e)
        {
            failure = $"{e.Reason}: {e.Message}";
        }

        return new FileInspection(reader.Stats, planner.Stats, sink.Times, batches, failure);
    }

    private static void Drain(BatchPlanner planner, BatchFigures figures)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            using (batch)
            {
                figures.Add(batch.Count, batch.PayloadBytes);
            }
        }
    }

    /// <summary>Earliest and latest event time seen.</summary>
    internal sealed class TimeRange
    {
        public long? First { get; private set; }

        public long? Last { get; private set; }

        public void Add(long timestampMs)
        {
            First = First is { } first ? Math.Min(first, timestampMs) : timestampMs;
            Last = Last is { } last ? Math.Max(last, timestampMs) : timestampMs;
        }
    }

    /// <summary>Events and counted bytes per batch.</summary>
    internal sealed class BatchFigures
    {
        public long Count { get; private set; }

        public long MinEvents { get; private set; }

        public long MaxEvents { get; private set; }

        public long TotalEvents { get; private set; }

        public long MinBytes { get; private set; }

        public long MaxBytes { get; private set; }

        public long TotalBytes { get; private set; }

        public double AverageEvents => Count == 0 ? 0 : (double)TotalEvents / Count;

        public double AverageBytes => Count == 0 ? 0 : (double)TotalBytes / Count;

        public void Add(int events, int bytes)
        {
            MinEvents = Count == 0 ? events : Math.Min(MinEvents, events);
            MinBytes = Count == 0 ? bytes : Math.Min(MinBytes, bytes);
            MaxEvents = Math.Max(MaxEvents, events);
            MaxBytes = Math.Max(MaxBytes, bytes);
            TotalEvents += events;
            TotalBytes += bytes;
            Count++;
        }
    }

    /// <summary>Notes each event's time on its way into the planner.</summary>
    private sealed class ObservingSink(BatchPlanner planner) : ILogEventSink
    {
        public TimeRange Times { get; } = new();

        public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
        {
            Times.Add(timestampMs);
            planner.Add(timestampMs, messageUtf8);
        }
    }
}
