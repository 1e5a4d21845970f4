using LogGrains.Core.Batching;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerResumeTests
{
    private static readonly BatchLimits Small = new() { MaxEventBytes = 26 + 12, MaxBatchBytes = 200, MaxEventsPerBatch = 4 };

    private static readonly (long, byte[])[] File = Enumerable.Range(0, 40)
        .Select(i => (PlanRun.NowMs - (i % 7), i % 5 == 0 ? Repeat("😀", 9) : Ascii(1 + (i % 11))))
        .ToArray();

    [Fact]
    public void Resuming_after_k_sends_exactly_the_pieces_from_k_on()
    {
        var full = PlanRun.Plan(Small, File);
        var all = full.Batches.SelectMany(b => b.Events).Select(e => e.Position).Order().ToList();

        foreach (var k in new long[] { 0, 1, 7, 13, full.PiecesSeen - 1, full.PiecesSeen })
        {
            var resumed = PlanRun.Plan(Small, File, resumeAfter: k);

            Assert.Equal(all.Where(p => p >= k), resumed.Batches.SelectMany(b => b.Events).Select(e => e.Position).Order());
            Assert.Equal(k, resumed.Stats.Skipped);
            Assert.Equal(full.PiecesSeen, resumed.PiecesSeen);
            if (resumed.Batches.Count > 0)
            {
                Assert.Equal(k, resumed.Batches[0].FirstPiece);
            }
        }
    }

    [Fact]
    public void Batches_up_to_a_checkpoint_plus_the_resumed_run_equal_one_uninterrupted_run()
    {
        var full = PlanRun.Plan(Small, File);
        Assert.True(full.Batches.Count > 5, "the file must span several batches");

        foreach (var accepted in new[] { 1, 3, full.Batches.Count - 1 })
        {
            var checkpoint = full.Batches[accepted - 1].EndPiece;
            var resumed = PlanRun.Plan(Small, File, resumeAfter: checkpoint);

            var delivered = full.Batches.Take(accepted).Concat(resumed.Batches).SelectMany(b => b.Events).ToList();
            Assert.Equal(delivered.Count, delivered.Select(e => e.Position).Distinct().Count());
            Assert.Equal(
                full.Batches.SelectMany(b => b.Events).Select(e => (e.Position, Convert.ToHexString(e.Message))).Order(),
                delivered.Select(e => (e.Position, Convert.ToHexString(e.Message))).Order());
        }
    }

    [Fact]
    public void Batch_ranges_are_contiguous_from_the_checkpoint_to_the_end()
    {
        var resumed = PlanRun.Plan(Small, File, resumeAfter: 5);

        Assert.Equal(5, resumed.Batches[0].FirstPiece);
        for (var i = 1; i < resumed.Batches.Count; i++)
        {
            Assert.Equal(resumed.Batches[i - 1].EndPiece, resumed.Batches[i].FirstPiece);
        }

        Assert.Equal(resumed.PiecesSeen, resumed.Batches[^1].EndPiece);
    }
}
