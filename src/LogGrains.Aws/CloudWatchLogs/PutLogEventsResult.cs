namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// The outcome of an accepted PutLogEvents call. Events outside the accepted time window are
/// rejected one by one while the rest of the batch is stored; the indexes say which.
/// </summary>
/// <param name="TooNewLogEventStartIndex">Index of the first event more than 2 h in the future (inclusive); null when none.</param>
/// <param name="TooOldLogEventEndIndex">
/// End index of the events older than 14 days (AWS documents it as exclusive; moto 5.2 returns the last
/// old event's index, inclusive); null when none.
/// </param>
/// <param name="ExpiredLogEventEndIndex">End index of the events older than the group's retention (AWS: exclusive); null when none.</param>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex)
{
    /// <summary>A result with nothing rejected.</summary>
    public static PutLogEventsResult AllAccepted { get; } = new(null, null, null);

    /// <summary>Whether CloudWatch reported any rejected event.</summary>
    public bool HasRejectedEvents =>
        TooNewLogEventStartIndex is not null || TooOldLogEventEndIndex is not null || ExpiredLogEventEndIndex is not null;
}
