namespace LogGrains.Core.Batching;

/// <summary>Orders events by timestamp, then by arena offset (input order), which makes any sort stable.</summary>
internal readonly struct PlannedEventOrder : IComparer<PlannedEvent>
{
    /// <inheritdoc />
    public int Compare(PlannedEvent x, PlannedEvent y)
    {
        var byTime = x.TimestampMs.CompareTo(y.TimestampMs);
        return byTime != 0 ? byTime : x.Offset.CompareTo(y.Offset);
    }
}
