using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

/// <summary>Plans a whole object the way a stream grain does (drain after every event, then complete) and keeps copies.</summary>
internal sealed record PlanRun(List<CapturedBatch> Batches, PlannerStats Stats, long PiecesSeen)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static long NowMs => Now.ToUnixTimeMilliseconds();

    public static PlanRun Plan(BatchLimits limits, IEnumerable<(long TimestampMs, byte[] Message)> events, long resumeAfter = 0, DateTimeOffset? now = null)
    {
        using var planner = new BatchPlanner(limits, now ?? Now, resumeAfter);
        var batches = new List<CapturedBatch>();
        foreach (var (timestamp, message) in events)
        {
            planner.Add(timestamp, message);
            Drain(planner, batches);
        }

        planner.Complete();
        Drain(planner, batches);
        return new PlanRun(batches, planner.Stats, planner.PiecesSeen);
    }

    public static PlanRun Plan(IEnumerable<(long TimestampMs, byte[] Message)> events, long resumeAfter = 0) =>
        Plan(new BatchLimits(), events, resumeAfter);

    private static void Drain(BatchPlanner planner, List<CapturedBatch> batches)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            using (batch)
            {
                batches.Add(CapturedBatch.From(batch));
            }
        }
    }
}
