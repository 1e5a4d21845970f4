using LogGrains.Core.Batching;
using static LogGrains.Core.Tests.Batching.Utf8Reference;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchPlannerLimitTests
{
    private const int OneMiB = 1_048_576;
    private static readonly BatchLimits OneMiBEvents = new() { MaxEventBytes = OneMiB };
    private static readonly long T0 = PlanRun.NowMs - 60_000;

    [Fact]
    public void Batch_of_exactly_1MiB_counted_bytes_is_one_batch()
    {
        var maxEvent = new BatchLimits().MaxPieceMessageBytes;

        var run = PlanRun.Plan(Enumerable.Range(0, 4).Select(i => (T0 + i, Ascii(maxEvent))));

        var batch = Assert.Single(run.Batches);
        Assert.Equal(OneMiB, batch.PayloadBytes);
        Assert.Equal(4, batch.Events.Length);
    }

    [Fact]
    public void One_byte_over_1MiB_seals_the_batch_before_the_event()
    {
        var first = (T0, Ascii((OneMiB / 2) - 26));
        var second = (T0, Ascii((OneMiB / 2) - 26 + 1));

        var run = PlanRun.Plan(OneMiBEvents, [first, second]);

        Assert.Equal(2, run.Batches.Count);
        Assert.Equal(OneMiB / 2, run.Batches[0].PayloadBytes);
        Assert.Equal((OneMiB / 2) + 1, run.Batches[1].PayloadBytes);
        Assert.Equal((0, 1), (run.Batches[0].FirstPiece, run.Batches[0].EndPiece));
        Assert.Equal((1, 2), (run.Batches[1].FirstPiece, run.Batches[1].EndPiece));
    }

    [Fact]
    public void Four_max_events_and_one_byte_more_make_two_batches()
    {
        var maxEvent = new BatchLimits().MaxPieceMessageBytes;
        var events = Enumerable.Range(0, 4).Select(i => (T0 + i, Ascii(maxEvent))).Append((T0 + 5, Ascii(1)));

        var run = PlanRun.Plan(events);

        Assert.Equal([OneMiB, 27], run.Batches.Select(b => b.PayloadBytes));
    }

    [Theory]
    [InlineData("é")]
    [InlineData("€")]
    [InlineData("😀")]
    public void Batch_never_exceeds_1MiB_with_multibyte_messages(string character)
    {
        var width = System.Text.Encoding.UTF8.GetByteCount(character);
        var multibyte = Repeat(character, 300_000 / width);
        var exactFill = OneMiB - (multibyte.Length + 26) - 26;

        var exact = PlanRun.Plan(OneMiBEvents, [(T0, multibyte), (T0, Ascii(exactFill))]);
        var over = PlanRun.Plan(OneMiBEvents, [(T0, multibyte), (T0, Ascii(exactFill + 1))]);
        var multibyteLast = PlanRun.Plan(OneMiBEvents, [(T0, Ascii(exactFill + 1)), (T0, multibyte)]);

        Assert.Equal(OneMiB, Assert.Single(exact.Batches).PayloadBytes);
        Assert.Equal([multibyte.Length + 26, exactFill + 1 + 26], over.Batches.Select(b => b.PayloadBytes));
        Assert.Equal([exactFill + 1 + 26, multibyte.Length + 26], multibyteLast.Batches.Select(b => b.PayloadBytes));
    }

    [Fact]
    public void Many_multibyte_events_fill_batches_up_to_but_never_over_1MiB()
    {
        // 1000 "😀" = 4000 bytes + 26 = 4026 counted: 260 events fit in 1 MiB (1,046,760); 261 would be 1,050,786.
        var message = Repeat("😀", 1000);

        var run = PlanRun.Plan(Enumerable.Range(0, 600).Select(i => (T0 + i, message)));

        Assert.All(run.Batches, b => Assert.True(b.PayloadBytes <= OneMiB, $"{b.PayloadBytes} bytes"));
        Assert.Equal([260, 260, 80], run.Batches.Select(b => b.Events.Length));
        Assert.Equal(260 * 4026, run.Batches[0].PayloadBytes);
    }

    [Fact]
    public void Exactly_10000_events_is_one_batch()
    {
        var run = PlanRun.Plan(Enumerable.Range(0, 10_000).Select(i => (T0, Ascii(1))));

        Assert.Equal(10_000, Assert.Single(run.Batches).Events.Length);
    }

    [Fact]
    public void Event_10001_starts_a_new_batch()
    {
        var run = PlanRun.Plan(Enumerable.Range(0, 10_001).Select(i => (T0, Ascii(1))));

        Assert.Equal([10_000, 1], run.Batches.Select(b => b.Events.Length));
        Assert.Equal((10_000, 10_001), (run.Batches[1].FirstPiece, run.Batches[1].EndPiece));
    }

    [Fact]
    public void Span_of_exactly_24h_is_one_batch()
    {
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var start = PlanRun.NowMs - (2 * day);

        var run = PlanRun.Plan([(start, Ascii(1)), (start + day, Ascii(1))]);

        var batch = Assert.Single(run.Batches);
        Assert.Equal(day, batch.MaxTimestamp - batch.MinTimestamp);
    }

    [Fact]
    public void Span_of_24h_and_1ms_seals_before_the_event()
    {
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var start = PlanRun.NowMs - (2 * day);

        var run = PlanRun.Plan([(start, Ascii(1)), (start + day + 1, Ascii(1))]);

        Assert.Equal(2, run.Batches.Count);
    }

    [Fact]
    public void Span_counts_earlier_events_too_when_input_is_out_of_order()
    {
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        var start = PlanRun.NowMs - (2 * day);

        var run = PlanRun.Plan([(start + day, Ascii(1)), (start, Ascii(1)), (start - 1, Ascii(1)), (start + 5, Ascii(1))]);

        Assert.Equal([2, 2], run.Batches.Select(b => b.Events.Length));
        Assert.All(run.Batches, b => Assert.True(b.MaxTimestamp - b.MinTimestamp <= day));
    }
}
