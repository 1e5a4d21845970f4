namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>One stored log event as GetLogEvents returns it.</summary>
/// <param name="Timestamp">The event time in milliseconds since the Unix epoch.</param>
/// <param name="Message">The message, exactly as stored.</param>
/// <param name="IngestionTime">When CloudWatch ingested it, in milliseconds since the Unix epoch.</param>
public sealed record CloudWatchLogEvent(long Timestamp, string Message, long IngestionTime);
