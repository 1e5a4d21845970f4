using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

/// <summary>A copy of a <see cref="PlannedBatch"/> that outlives it, for assertions.</summary>
internal sealed record CapturedBatch(long FirstPiece, long EndPiece, int PayloadBytes, long MinTimestamp, long MaxTimestamp, CapturedEvent[] Events)
{
    public static CapturedBatch From(PlannedBatch batch)
    {
        var events = new CapturedEvent[batch.Count];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new CapturedEvent(batch.GetTimestamp(i), batch.GetPiecePosition(i), batch.GetMessage(i).ToArray());
        }

        return new CapturedBatch(batch.FirstPiece, batch.EndPiece, batch.PayloadBytes, batch.MinTimestamp, batch.MaxTimestamp, events);
    }
}
