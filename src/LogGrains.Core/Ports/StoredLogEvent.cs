namespace LogGrains.Core.Ports;

/// <summary>One event as the destination stores it, read back to decide whether a request was accepted.</summary>
/// <param name="Timestamp">The event time, Unix epoch milliseconds.</param>
/// <param name="Message">The message, exactly as stored.</param>
public sealed record StoredLogEvent(long Timestamp, string Message);
