namespace LogGrains.Testing.Ports;

/// <summary>One log event as it appeared in a PutLogEvents request body.</summary>
public sealed record SentEvent(long Timestamp, string Message);
