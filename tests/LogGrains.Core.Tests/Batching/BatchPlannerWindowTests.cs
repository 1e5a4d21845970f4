using LogGrains.Core.Batching;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerWindowTests
{
    private static readonly long OldestMs = PlanRun.NowMs - (long)TimeSpan.FromDays(14).TotalMilliseconds;
    private static readonly long NewestMs = PlanRun.NowMs + (long)TimeSpan.FromHours(2).TotalMilliseconds;

    [Fact]
    public void Events_at_the_age_bounds_are_sent_and_one_millisecond_beyond_are_counted_not_sent()
    {
        var events = new[]
        {
            (OldestMs - 1, Ascii(1)),
            (OldestMs, Ascii(2)),
            (NewestMs, Ascii(3)),
            (NewestMs + 1, Ascii(4)),
        };

        var run = PlanRun.Plan(events);

        // The two sent events are 14 days apart, so they cannot share a batch.
        Assert.Equal([[1L], [2L]], run.Batches.Select(b => b.Events.Select(e => e.Position).ToArray()));
        Assert.Equal([(0L, 2L), (2L, 4L)], run.Batches.Select(b => (b.FirstPiece, b.EndPiece)));
        Assert.Equal((1, 1, 2), (run.Stats.TooOld, run.Stats.TooNew, run.Stats.PiecesPlanned));
    }

    [Fact]
    public void Excluded_pieces_are_counted_per_piece_and_consume_positions()
    {
        var limits = new BatchLimits { MaxEventBytes = 26 + 10 };
        var events = new[] { (OldestMs - 5, Ascii(25)), (PlanRun.NowMs, Ascii(1)) };

        var run = PlanRun.Plan(limits, events);

        Assert.Equal(3, run.Stats.TooOld);
        Assert.Equal(3, Assert.Single(Assert.Single(run.Batches).Events).Position);
        Assert.Equal(4, run.PiecesSeen);
    }

    [Fact]
    public void A_file_of_only_too_old_events_yields_no_batch_but_pieces_seen_covers_it()
    {
        var run = PlanRun.Plan(Enumerable.Range(0, 5).Select(i => (OldestMs - 1 - i, Ascii(1))));

        Assert.Empty(run.Batches);
        Assert.Equal(5, run.PiecesSeen);
        Assert.Equal(5, run.Stats.TooOld);
    }

    [Fact]
    public void The_window_follows_the_injected_now()
    {
        var event1 = (OldestMs - 1, Ascii(1));

        var later = PlanRun.Plan(new BatchLimits(), [event1], now: PlanRun.Now);
        var earlier = PlanRun.Plan(new BatchLimits(), [event1], now: PlanRun.Now.AddMilliseconds(-1));

        Assert.Equal(1, later.Stats.TooOld);
        Assert.Equal(0, earlier.Stats.TooOld);
        Assert.Single(earlier.Batches);
    }

    [Fact]
    public void The_last_batch_ends_at_the_last_piece_even_when_the_tail_is_excluded()
    {
        var run = PlanRun.Plan([(PlanRun.NowMs, Ascii(1)), (OldestMs - 1, Ascii(1)), (NewestMs + 1, Ascii(1))]);

        Assert.Equal(3, Assert.Single(run.Batches).EndPiece);
    }
}
