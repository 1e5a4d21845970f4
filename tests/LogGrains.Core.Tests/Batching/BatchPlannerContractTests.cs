using LogGrains.Core.Batching;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerContractTests
{
    [Fact]
    public void Empty_message_is_refused_naming_the_message()
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);

        var error = Assert.Throws<ArgumentException>(() => planner.Add(PlanRun.NowMs, []));

        Assert.Equal("messageUtf8", error.ParamName);
        Assert.Equal(0, planner.PiecesSeen);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x61, 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public void Invalid_utf8_is_refused_and_leaves_the_planner_usable(byte[] message)
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        planner.Add(PlanRun.NowMs, Ascii(1));

        var error = Assert.Throws<ArgumentException>(() => planner.Add(PlanRun.NowMs, message));
        planner.Add(PlanRun.NowMs, Ascii(2));
        planner.Complete();

        Assert.Equal("messageUtf8", error.ParamName);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        Assert.True(planner.TryTakeBatch(out var batch));
        using (batch)
        {
            Assert.Equal(2, batch.Count);
            Assert.Equal((0, 2), (batch.FirstPiece, batch.EndPiece));
        }

        Assert.Equal(2, planner.Stats.EventsIn);
    }

    [Fact]
    public void Add_after_complete_throws()
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        planner.Complete();

        Assert.Throws<InvalidOperationException>(() => planner.Add(PlanRun.NowMs, Ascii(1)));
    }

    [Fact]
    public void Complete_twice_seals_once()
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        planner.Add(PlanRun.NowMs, Ascii(1));

        planner.Complete();
        planner.Complete();

        Assert.Equal(1, planner.Stats.Batches);
    }

    [Fact]
    public void Batches_are_handed_out_in_order_and_only_once()
    {
        using var planner = new BatchPlanner(new BatchLimits { MaxEventsPerBatch = 1 }, PlanRun.Now);
        for (var i = 0; i < 3; i++)
        {
            planner.Add(PlanRun.NowMs, Ascii(1));
        }

        planner.Complete();

        var ends = new List<long>();
        while (planner.TryTakeBatch(out var batch))
        {
            using (batch)
            {
                ends.Add(batch.EndPiece);
            }
        }

        Assert.Equal([1L, 2, 3], ends);
    }

    [Fact]
    public void Negative_resume_point_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new BatchPlanner(new BatchLimits(), PlanRun.Now, -1));

        Assert.Equal("resumeAfter", error.ParamName);
    }

    [Fact]
    public void Disposed_batch_cannot_be_read()
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        planner.Add(PlanRun.NowMs, Ascii(1));
        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));

        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => batch.GetTimestamp(0));
    }

    [Fact]
    public void Stats_account_for_every_piece()
    {
        var limits = new BatchLimits { MaxEventBytes = 26 + 4 };
        var events = new[]
        {
            (PlanRun.NowMs, Ascii(9)),
            (0L, Ascii(2)),
            (long.MaxValue, Ascii(5)),
            (PlanRun.NowMs, Ascii(1)),
        };

        var run = PlanRun.Plan(limits, events, resumeAfter: 2);

        // Pieces: 0-2 (4+4+1 bytes), 3 too old, 4-5 too new (4+1), 6; positions 0 and 1 were accepted before.
        var expected = new PlannerStats(
            Pieces: 7, EventsIn: 4, EventsSplit: 2, ExtraPieces: 3, TooOld: 1, TooNew: 2, Skipped: 2, Batches: 1, PiecesPlanned: 2, BytesPlanned: 1 + 1 + (2 * 26));
        Assert.Equal(expected, run.Stats);
    }
}
