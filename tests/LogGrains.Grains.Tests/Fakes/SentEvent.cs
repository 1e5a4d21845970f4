namespace LogGrains.Grains.Tests.Fakes;

/// <summary>One log event as it appeared in a PutLogEvents request body.</summary>
internal sealed record SentEvent(long Timestamp, string Message);
