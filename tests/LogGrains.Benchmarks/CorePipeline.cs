using System.Buffers;
using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;

namespace LogGrains.Benchmarks;

/// <summary>
/// The whole pure core as a stream grain runs it: decode → extract → plan → serialize every PutLogEvents body.
/// </summary>
public static class CorePipeline
{
    /// <summary>The planner's "now": inside the generated events' 14-day window.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 13, 0, 0, TimeSpan.Zero);

    /// <summary>Runs the core over one gzip file; returns (events planned, request body bytes written).</summary>
    /// <param name="gzip">The file.</param>
    /// <param name="body">Where each request body is written (reset per batch).</param>
    /// <param name="afterChunk">Called after every decoded chunk.</param>
    /// <param name="now">The planner's "now"; <see cref="Now"/> when null.</param>
    public static async Task<(long Events, long BodyBytes)> RunAsync(byte[] gzip, ArrayBufferWriter<byte> body, Action? afterChunk = null, DateTimeOffset? now = null)
    {
        using var input = new MemoryStream(gzip, writable: false);
        await using var reader = new VectorFileReader(input, VectorCorpus.EventTime);
        using var planner = new BatchPlanner(new BatchLimits(), now ?? Now);
        long events = 0, bodyBytes = 0;
        while (await reader.ReadAsync(planner).ConfigureAwait(false))
        {
            Drain();
            afterChunk?.Invoke();
        }

        planner.Complete();
        Drain();
        return (events, bodyBytes);

        void Drain()
        {
            while (planner.TryTakeBatch(out var batch))
            {
                using (batch)
                {
                    body.ResetWrittenCount();
                    batch.WriteRequestBody(body, "/loggrains/acme-corp", "payment-service-pod-2026-11-26");
                    events += batch.Count;
                    bodyBytes += body.WrittenCount;
                }
            }
        }
    }
}
