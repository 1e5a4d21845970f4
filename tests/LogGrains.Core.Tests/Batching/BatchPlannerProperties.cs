using System.Text;
using CsCheck;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerProperties
{
    private const long Hour = 3_600_000;

    private static readonly Gen<Rune> GenRune = Gen.Frequency(
        (6, Gen.Int[0x00, 0x7F].Select(c => new Rune(c))),
        (2, Gen.Int[0x80, 0x7FF].Select(c => new Rune(c))),
        (2, Gen.Int[0x800, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c))),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(c => new Rune(c))));

    private static readonly Gen<byte[]> GenMessage = Gen.Frequency(
        (6, GenRune.Array[1, 40]),
        (2, Gen.Select(GenRune, Gen.Int[1, 200], (r, n) => Enumerable.Repeat(r, n).ToArray())),
        (1, GenRune.Array[100, 400]))
        .Select(runes => Encoding.UTF8.GetBytes(string.Concat(runes.Select(r => r.ToString()))));

    // Offsets from "now": mostly inside the window, some on the 24 h and age edges, many duplicates.
    private static readonly Gen<long> GenTimestamp = Gen.Frequency(
        (4, Gen.Long[-4 * 24 * Hour, Hour]),
        (3, Gen.Long[0, 3]),
        (1, Gen.Long[(-14 * 24 * Hour) - 5, (-14 * 24 * Hour) + 5]),
        (1, Gen.Long[(2 * Hour) - 5, (2 * Hour) + 5]),
        (1, Gen.OneOf(-24 * Hour, (-24 * Hour) - 1, 24 * Hour, 0)))
        .Select(offset => PlanRun.NowMs + offset);

    /// <summary>Small random limits: messages are split, batches fill by bytes, by count and by span.</summary>
    internal static readonly Gen<BatchLimits> GenLimits = Gen.Select(
        Gen.Int[1, 30], Gen.Int[4, 120], Gen.Int[0, 600], Gen.Int[1, 25], Gen.Frequency((1, Gen.Long[1, 3]), (1, Gen.Const(24 * Hour)), (2, Gen.Long[1, 3 * 24 * Hour])))
        .Select((overhead, maxPiece, extraBatch, maxEvents, spanMs) => new BatchLimits
        {
            PerEventOverheadBytes = overhead,
            MaxEventBytes = overhead + maxPiece,
            MaxBatchBytes = overhead + maxPiece + extraBatch,
            MaxEventsPerBatch = maxEvents,
            MaxBatchSpan = TimeSpan.FromMilliseconds(spanMs),
        });

    private static readonly Gen<(long, byte[])[]> GenFile = Gen.Select(GenTimestamp, GenMessage).Array[0, 120];

    [Fact]
    public void Every_batch_keeps_every_limit_and_every_piece_is_sent_once_or_counted()
    {
        Gen.Select(GenLimits, GenFile, Gen.Int[0, 100]).Sample((limits, file, resumeHint) =>
        {
            var expected = ExpectedPieces(limits, file);
            var resumeAfter = Math.Min(resumeHint, expected.Count + 1);

            var run = PlanRun.Plan(limits, file, resumeAfter);

            AssertLimits(limits, run, resumeAfter);
            AssertAccounting(limits, run, expected, resumeAfter);
        }, iter: 400);
    }

    [Fact]
    public void Sent_pieces_reassemble_every_input_message_byte_for_byte()
    {
        Gen.Select(GenLimits, GenFile).Sample((limits, file) =>
        {
            var run = PlanRun.Plan(limits, file);

            var byPosition = run.Batches.SelectMany(b => b.Events).ToDictionary(e => e.Position);
            var position = 0L;
            foreach (var (timestamp, message) in file)
            {
                var pieceCount = Utf8Reference.Split(message, limits.MaxPieceMessageBytes).Count;
                if (byPosition.ContainsKey(position))
                {
                    var pieces = Enumerable.Range(0, pieceCount).Select(i => byPosition[position + i]).ToList();
                    Assert.Equal(message, pieces.SelectMany(p => p.Message).ToArray());
                    Assert.All(pieces, p => Assert.Equal(timestamp, p.TimestampMs));
                }

                position += pieceCount;
            }

            Assert.Equal(position, run.PiecesSeen);
        }, iter: 400);
    }

    [Fact]
    public void Resuming_from_any_accepted_batch_never_resends_and_never_loses_a_piece()
    {
        Gen.Select(GenLimits, GenFile, Gen.Int[0, 1000]).Sample((limits, file, pick) =>
        {
            var full = PlanRun.Plan(limits, file);
            var accepted = full.Batches.Count == 0 ? 0 : pick % (full.Batches.Count + 1);
            var checkpoint = accepted == 0 ? 0 : full.Batches[accepted - 1].EndPiece;

            var resumed = PlanRun.Plan(limits, file, checkpoint);

            var delivered = full.Batches.Take(accepted).Concat(resumed.Batches).SelectMany(b => b.Events).ToList();
            Assert.Equal(delivered.Count, delivered.Select(e => e.Position).Distinct().Count());
            Assert.Equal(
                full.Batches.SelectMany(b => b.Events).Select(e => (e.Position, e.TimestampMs, Convert.ToHexString(e.Message))).Order(),
                delivered.Select(e => (e.Position, e.TimestampMs, Convert.ToHexString(e.Message))).Order());
        }, iter: 300);
    }

    private static void AssertLimits(BatchLimits limits, PlanRun run, long resumeAfter)
    {
        var spanMs = limits.MaxBatchSpan.Ticks / TimeSpan.TicksPerMillisecond;
        var start = resumeAfter;
        foreach (var batch in run.Batches)
        {
            Assert.Equal(start, batch.FirstPiece);
            Assert.True(batch.EndPiece > batch.FirstPiece);
            start = batch.EndPiece;

            Assert.InRange(batch.Events.Length, 1, limits.MaxEventsPerBatch);
            Assert.Equal(batch.Events.Sum(e => e.Message.Length + limits.PerEventOverheadBytes), batch.PayloadBytes);
            Assert.InRange(batch.PayloadBytes, 1, limits.MaxBatchBytes);
            Assert.Equal(batch.Events.Min(e => e.TimestampMs), batch.MinTimestamp);
            Assert.Equal(batch.Events.Max(e => e.TimestampMs), batch.MaxTimestamp);
            Assert.InRange(batch.MaxTimestamp - batch.MinTimestamp, 0, spanMs);
            Assert.All(batch.Events, e => Assert.InRange(e.Message.Length, 1, limits.MaxPieceMessageBytes));
            Assert.All(batch.Events, e => Assert.InRange(e.Position, batch.FirstPiece, batch.EndPiece - 1));
            for (var i = 1; i < batch.Events.Length; i++)
            {
                var (previous, current) = (batch.Events[i - 1], batch.Events[i]);
                Assert.True(
                    previous.TimestampMs < current.TimestampMs || (previous.TimestampMs == current.TimestampMs && previous.Position < current.Position),
                    $"events {i - 1} and {i} out of send order");
            }
        }

        if (run.Batches.Count > 0)
        {
            Assert.Equal(run.PiecesSeen, run.Batches[^1].EndPiece);
        }

        // Sealing happens only when the next piece would break a limit, never earlier.
        for (var i = 1; i < run.Batches.Count; i++)
        {
            var (sealedBatch, next) = (run.Batches[i - 1], run.Batches[i].Events.MinBy(e => e.Position)!);
            var breaksCount = sealedBatch.Events.Length + 1 > limits.MaxEventsPerBatch;
            var breaksBytes = sealedBatch.PayloadBytes + next.Message.Length + limits.PerEventOverheadBytes > limits.MaxBatchBytes;
            var breaksSpan = Math.Max(sealedBatch.MaxTimestamp, next.TimestampMs) - Math.Min(sealedBatch.MinTimestamp, next.TimestampMs) > spanMs;
            Assert.True(breaksCount || breaksBytes || breaksSpan, $"batch {i - 1} was sealed although piece {next.Position} fits");
        }
    }

    private static void AssertAccounting(BatchLimits limits, PlanRun run, List<(long Timestamp, byte[] Piece)> expected, long resumeAfter)
    {
        var oldest = PlanRun.NowMs - (long)limits.MaxEventAge.TotalMilliseconds;
        var newest = PlanRun.NowMs + (long)limits.MaxEventFuture.TotalMilliseconds;
        var sent = run.Batches.SelectMany(b => b.Events).ToDictionary(e => e.Position);
        var (tooOld, tooNew) = (0L, 0L);
        for (var position = 0; position < expected.Count; position++)
        {
            var (timestamp, piece) = expected[position];
            var inWindow = timestamp >= oldest && timestamp <= newest;
            if (position < resumeAfter || !inWindow)
            {
                Assert.False(sent.ContainsKey(position), $"piece {position} must not be sent");
                tooOld += position >= resumeAfter && timestamp < oldest ? 1 : 0;
                tooNew += position >= resumeAfter && timestamp > newest ? 1 : 0;
                continue;
            }

            Assert.True(sent.TryGetValue(position, out var actual), $"piece {position} was lost");
            Assert.Equal(timestamp, actual.TimestampMs);
            Assert.Equal(piece, actual.Message);
        }

        Assert.Equal(expected.Count, run.PiecesSeen);
        Assert.Equal(sent.Count, run.Batches.Sum(b => b.Events.Length));
        Assert.Equal((tooOld, tooNew, Math.Min(resumeAfter, expected.Count)), (run.Stats.TooOld, run.Stats.TooNew, run.Stats.Skipped));
        Assert.Equal(run.Stats.Pieces, run.Stats.Skipped + run.Stats.TooOld + run.Stats.TooNew + run.Stats.PiecesPlanned);
        Assert.Equal(run.Batches.Count, run.Stats.Batches);
        Assert.Equal(run.Batches.Sum(b => (long)b.PayloadBytes), run.Stats.BytesPlanned);
    }

    private static List<(long Timestamp, byte[] Piece)> ExpectedPieces(BatchLimits limits, (long Timestamp, byte[] Message)[] file) =>
        [.. file.SelectMany(e => Utf8Reference.Split(e.Message, limits.MaxPieceMessageBytes).Select(p => (e.Timestamp, p)))];
}
