using System.Buffers;
using System.Text;
using System.Text.Json;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchGroupTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly long T0 = Now.AddHours(-1).ToUnixTimeMilliseconds();

    [Fact]
    public void Batches_of_several_objects_merge_in_timestamp_order_keeping_add_order_for_ties()
    {
        using var group = new BatchGroup(new BatchLimits());
        group.Add(Single((T0 + 2, "a2"), (T0 + 5, "a5"), (T0 + 5, "a5-second")));
        group.Add(Single((T0 + 1, "b1"), (T0 + 5, "b5"), (T0 + 9, "b9")));

        var events = Body(group);

        Assert.Equal(["b1", "a2", "a5", "a5-second", "b5", "b9"], events.Select(e => e.Message));
        Assert.Equal(events.Select(e => e.Timestamp).Order(), events.Select(e => e.Timestamp));
        Assert.Equal(6, group.Count);
    }

    [Fact]
    public void Group_refuses_a_batch_that_would_break_bytes_count_or_span()
    {
        var limits = new BatchLimits { MaxBatchBytes = 100, MaxEventBytes = 100, MaxEventsPerBatch = 3, MaxBatchSpan = TimeSpan.FromHours(1) };
        using var group = new BatchGroup(limits);
        group.Add(Single(limits, (T0, new string('x', 40))));

        using var tooBig = Single(limits, (T0, new string('y', 10)));
        using var fits = Single(limits, (T0, new string('y', 8)));
        Assert.False(group.CanAdd(tooBig));
        Assert.True(group.CanAdd(fits));

        using var tooLate = Single(limits, (T0 + 3_600_001, "z"));
        using var justInTime = Single(limits, (T0 + 3_600_000, "z"));
        Assert.False(group.CanAdd(tooLate));
        Assert.True(group.CanAdd(justInTime));

        using var threeEvents = Single(limits, (T0, "1"), (T0, "2"), (T0, "3"));
        Assert.False(group.CanAdd(threeEvents));
        Assert.Throws<InvalidOperationException>(() => group.Add(threeEvents));
    }

    [Fact]
    public void A_single_batch_group_writes_exactly_the_batch_body()
    {
        using var group = new BatchGroup(new BatchLimits());
        var batch = Single((T0, "only \"one\" ünï 🚀"));
        var direct = new ArrayBufferWriter<byte>();
        batch.WriteRequestBody(direct, "/g", "s");
        group.Add(batch);

        var grouped = new ArrayBufferWriter<byte>();
        group.WriteRequestBody(grouped, "/g", "s");

        Assert.Equal(direct.WrittenSpan.ToArray(), grouped.WrittenSpan.ToArray());
    }

    [Fact]
    public void Rejected_events_of_a_merged_request_are_counted_to_the_batches_they_came_from()
    {
        using var group = new BatchGroup(new BatchLimits());
        group.Add(Single((T0 + 2, "a2"), (T0 + 5, "a5"), (T0 + 5, "a5-second"), (T0 + 7, "a7")));
        group.Add(Single((T0 + 1, "b1"), (T0 + 5, "b5"), (T0 + 9, "b9")));
        group.Add(Single((T0 + 3, "c3")));

        // Sent: b1 a2 c3 a5 a5-second b5 a7 b9. Too old 0-1 (b1 a2), expired 2 (c3), too new 6-7 (a7 b9).
        var rejected = PutLogEventsRejections.Count(group.Count, tooNewLogEventStartIndex: 6, tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 2);

        Assert.Equal([2, 2, 1], group.RejectedPerBatch(rejected));
        Assert.Equal([0, 0, 0], group.RejectedPerBatch(PutLogEventsRejections.Count(group.Count, null, null, null)));
        Assert.Equal([4, 3, 1], group.RejectedPerBatch(PutLogEventsRejections.Count(group.Count, null, 7, null)));
    }

    private static PlannedBatch Single(params (long Timestamp, string Message)[] events) => Single(new BatchLimits(), events);

    private static PlannedBatch Single(BatchLimits limits, params (long Timestamp, string Message)[] events)
    {
        using var planner = new BatchPlanner(limits, Now);
        foreach (var (timestamp, message) in events)
        {
            planner.Add(timestamp, Encoding.UTF8.GetBytes(message));
        }

        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));
        Assert.False(planner.TryTakeBatch(out _));
        return batch;
    }

    private static List<(long Timestamp, string Message)> Body(BatchGroup group)
    {
        var output = new ArrayBufferWriter<byte>();
        group.WriteRequestBody(output, "/loggrains/t", "app-pod-2026-11-26");
        using var document = JsonDocument.Parse(output.WrittenMemory);
        Assert.Equal("/loggrains/t", document.RootElement.GetProperty("logGroupName").GetString());
        return document.RootElement.GetProperty("logEvents").EnumerateArray()
            .Select(e => (e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!))
            .ToList();
    }
}
