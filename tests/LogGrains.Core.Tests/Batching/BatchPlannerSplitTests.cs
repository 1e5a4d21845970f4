using System.Text;
using System.Text.Unicode;
using LogGrains.Core.Batching;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerSplitTests
{
    private static readonly long T0 = PlanRun.NowMs - 60_000;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Oversized_4_byte_message_is_split_at_code_points_and_reassembles_exactly(int asciiPrefix)
    {
        var limits = new BatchLimits();
        var message = Encoding.UTF8.GetBytes(new string('a', asciiPrefix) + string.Concat(Enumerable.Repeat("😀", 70_000)));

        var run = PlanRun.Plan([(T0, message)]);

        var pieces = run.Batches.SelectMany(b => b.Events).OrderBy(e => e.Position).ToList();
        Assert.Equal(2, pieces.Count);
        Assert.All(pieces, p => Assert.True(Utf8.IsValid(p.Message), "a piece is not valid UTF-8 on its own"));
        Assert.All(pieces, p => Assert.True(p.Message.Length + 26 <= limits.MaxEventBytes, $"piece of {p.Message.Length} bytes"));
        Assert.All(pieces, p => Assert.Equal(T0, p.TimestampMs));
        Assert.Equal(message, pieces.SelectMany(p => p.Message).ToArray());
        Assert.Equal(Split(message, limits.MaxPieceMessageBytes).Select(p => p.Length), pieces.Select(p => p.Message.Length));
        Assert.Equal((1, 1, 2), (run.Stats.EventsSplit, run.Stats.ExtraPieces, run.Stats.Pieces));
    }

    [Fact]
    public void Oversized_event_does_not_fail_its_neighbours()
    {
        var before = (T0, Ascii(10));
        var oversized = (T0 + 1, Repeat("€", 300_000));
        var after = (T0 + 2, Ascii(10));

        var run = PlanRun.Plan([before, oversized, after]);

        var events = run.Batches.SelectMany(b => b.Events).OrderBy(e => e.Position).ToList();
        Assert.Equal([0L, 1, 2, 3, 4, 5], events.Select(e => e.Position));
        Assert.Equal(oversized.Item2, events.Skip(1).Take(4).SelectMany(e => e.Message).ToArray());
        Assert.Equal(10, events[0].Message.Length);
        Assert.Equal(10, events[^1].Message.Length);
    }

    [Fact]
    public void Message_of_exactly_the_event_limit_is_not_split()
    {
        var limits = new BatchLimits();

        var exact = PlanRun.Plan([(T0, Ascii(limits.MaxPieceMessageBytes))]);
        var over = PlanRun.Plan([(T0, Ascii(limits.MaxPieceMessageBytes + 1))]);

        Assert.Equal(0, exact.Stats.EventsSplit);
        Assert.Equal(1, exact.PiecesSeen);
        Assert.Equal(1, over.Stats.EventsSplit);
        Assert.Equal([limits.MaxPieceMessageBytes, 1], over.Batches.SelectMany(b => b.Events).Select(e => e.Message.Length));
    }

    [Fact]
    public void Splitting_is_the_same_whatever_the_planning_time()
    {
        var message = Repeat("a€😀é", 100_000);
        var events = new[] { (T0, message) };

        var today = PlanRun.Plan(new BatchLimits(), events, now: PlanRun.Now);
        var tomorrow = PlanRun.Plan(new BatchLimits { MaxEventAge = TimeSpan.FromDays(30) }, events, now: PlanRun.Now.AddDays(1));

        Assert.Equal(
            today.Batches.SelectMany(b => b.Events).Select(e => (e.Position, e.Message.Length)),
            tomorrow.Batches.SelectMany(b => b.Events).Select(e => (e.Position, e.Message.Length)));
    }
}
