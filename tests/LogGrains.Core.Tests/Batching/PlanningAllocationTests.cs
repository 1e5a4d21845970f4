using System.Buffers;
using System.Text;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class PlanningAllocationTests
{
    [Fact]
    public void Planning_and_writing_bodies_allocates_no_more_than_64_bytes_per_event()
    {
        var messages = Enumerable.Range(0, 64)
            .Select(i => Encoding.UTF8.GetBytes($"I1126 12:00:00.{i:D6} 1 reconciler.go:42] \"Reconciled\" pod=\"ns/app-{i}\" é€😀 duration=\"{i}ms\"".PadRight(150, 'x')))
            .ToArray();
        var output = new ArrayBufferWriter<byte>(4 * 1024 * 1024);
        PlanAndWrite(messages, output, 50_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var events = PlanAndWrite(messages, output, 200_000);
        var perEvent = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / events;

        Assert.True(perEvent <= 64, $"{perEvent:F2} bytes allocated per event");
    }

    private static int PlanAndWrite(byte[][] messages, ArrayBufferWriter<byte> output, int count)
    {
        using var planner = new BatchPlanner(new BatchLimits(), PlanRun.Now);
        var start = PlanRun.NowMs - 60_000;
        for (var i = 0; i < count; i++)
        {
            planner.Add(start + (i / 3), messages[i % messages.Length]);
            if (i % 1_000 == 999)
            {
                Drain(planner, output);
            }
        }

        planner.Complete();
        Drain(planner, output);
        return count;
    }

    private static void Drain(BatchPlanner planner, ArrayBufferWriter<byte> output)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            using (batch)
            {
                output.ResetWrittenCount();
                batch.WriteRequestBody(output, "/tenant/app", "app-pod-2026-11-26");
            }
        }
    }
}
