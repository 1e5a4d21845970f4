namespace LogGrains.Core.Batching;

/// <summary>How many events of one PutLogEvents batch CloudWatch rejected, by reason; each event is counted once.</summary>
/// <param name="TooOld">Events at or below <c>tooOldLogEventEndIndex</c>.</param>
/// <param name="Expired">Events at or below <c>expiredLogEventEndIndex</c> and not already counted as <paramref name="TooOld"/>.</param>
/// <param name="TooNew">Events at or above <c>tooNewLogEventStartIndex</c> and not already counted as too old or expired.</param>
/// <param name="Accepted">The other events of the batch.</param>
public readonly record struct RejectedEventCounts(int TooOld, int Expired, int TooNew, int Accepted)
{
    /// <summary>All rejected events.</summary>
    public int Rejected => TooOld + Expired + TooNew;
}
