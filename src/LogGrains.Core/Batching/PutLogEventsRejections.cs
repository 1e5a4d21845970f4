namespace LogGrains.Core.Batching;

/// <summary>Interprets the <c>rejectedLogEventsInfo</c> of a PutLogEvents response.</summary>
public static class PutLogEventsRejections
{
    /// <summary>
    /// Counts the rejected events of a batch of <paramref name="eventCount"/> events. Indexes refer to the batch in send order.
    /// </summary>
    /// <remarks>
    /// The too-old and expired end indexes are inclusive (that event and every earlier one were rejected); the too-new start
    /// index is inclusive too (that event and every later one). Overlapping ranges count each event once, in the order
    /// too old, expired, too new.
    /// </remarks>
    /// <param name="eventCount">The number of events sent in the batch.</param>
    /// <param name="tooNewLogEventStartIndex">The response's <c>tooNewLogEventStartIndex</c>, or <see langword="null"/> when absent.</param>
    /// <param name="tooOldLogEventEndIndex">The response's <c>tooOldLogEventEndIndex</c>, or <see langword="null"/> when absent.</param>
    /// <param name="expiredLogEventEndIndex">The response's <c>expiredLogEventEndIndex</c>, or <see langword="null"/> when absent.</param>
    /// <returns>The counts by reason; they add up to <paramref name="eventCount"/> with the accepted events.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative or an index lies outside the batch; the parameter name says which.</exception>
    public static RejectedEventCounts Count(
        int eventCount, int? tooNewLogEventStartIndex, int? tooOldLogEventEndIndex, int? expiredLogEventEndIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(eventCount);
        RequireIndex(tooNewLogEventStartIndex, eventCount, nameof(tooNewLogEventStartIndex));
        RequireIndex(tooOldLogEventEndIndex, eventCount, nameof(tooOldLogEventEndIndex));
        RequireIndex(expiredLogEventEndIndex, eventCount, nameof(expiredLogEventEndIndex));

        var tooOldEnd = tooOldLogEventEndIndex + 1 ?? 0;
        var expiredEnd = Math.Max(expiredLogEventEndIndex + 1 ?? 0, tooOldEnd);
        var tooNewStart = Math.Max(tooNewLogEventStartIndex ?? eventCount, expiredEnd);

        var tooOld = tooOldEnd;
        var expired = expiredEnd - tooOldEnd;
        var tooNew = eventCount - tooNewStart;
        return new RejectedEventCounts(tooOld, expired, tooNew, eventCount - tooOld - expired - tooNew);
    }

    private static void RequireIndex(int? index, int eventCount, string name)
    {
        if (index is { } value && (value < 0 || value >= eventCount))
        {
            throw new ArgumentOutOfRangeException(
                name, value, $"{name} ({value}) must lie inside the batch of {eventCount} events (0 to {eventCount - 1}).");
        }
    }
}
