using System.Text;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerOrderTests
{
    private static readonly long T0 = PlanRun.NowMs - 60_000;

    [Fact]
    public void Equal_timestamps_keep_input_order_inside_a_sorted_batch()
    {
        // Well over 16 events: introsort only sorts stably by accident for small inputs (insertion sort).
        var random = new Random(42);
        var events = Enumerable.Range(0, 2_000)
            .Select(i => (TimestampMs: T0 + random.Next(3), Message: Encoding.UTF8.GetBytes(i.ToString("D5", null))))
            .ToList();

        var run = PlanRun.Plan(events);

        var sent = Assert.Single(run.Batches).Events;
        var expected = events.OrderBy(e => e.TimestampMs).Select(e => Encoding.UTF8.GetString(e.Message)); // OrderBy is stable
        Assert.Equal(expected, sent.Select(e => Encoding.UTF8.GetString(e.Message)));
    }

    [Fact]
    public void Out_of_order_input_is_sent_ascending_within_each_batch()
    {
        var events = new[] { 5L, 3, 9, 1, 3, 7 }.Select(t => (T0 + t, Ascii(1)));

        var run = PlanRun.Plan(new LogGrains.Core.Batching.BatchLimits { MaxEventsPerBatch = 3 }, events);

        Assert.Equal([[3L, 5, 9], [1L, 3, 7]], run.Batches.Select(b => b.Events.Select(e => e.TimestampMs - T0).ToArray()));
        Assert.Equal([[1L, 0, 2], [3L, 4, 5]], run.Batches.Select(b => b.Events.Select(e => e.Position).ToArray()));
    }

    [Fact]
    public void Pieces_of_a_split_event_stay_consecutive_and_in_order_among_equal_timestamps()
    {
        var limits = new LogGrains.Core.Batching.BatchLimits { MaxEventBytes = 26 + 8 }; // two "€" per piece
        var events = new[] { (T0 + 1, Ascii(3)), (T0, Repeat("€", 10)), (T0, Ascii(2)) };

        var run = PlanRun.Plan(limits, events);

        var sent = Assert.Single(run.Batches).Events;
        Assert.Equal([1L, 2, 3, 4, 5, 6, 0], sent.Select(e => e.Position));
        Assert.Equal(Repeat("€", 10), sent.Take(5).SelectMany(e => e.Message).ToArray());
    }
}
