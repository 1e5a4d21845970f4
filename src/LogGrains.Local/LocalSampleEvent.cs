namespace LogGrains.Local;

/// <summary>One event the sample writer put in a file, as it should come out of the destination.</summary>
/// <param name="Timestamp">The record's timestamp.</param>
/// <param name="Message">The record's message, verbatim.</param>
internal sealed record LocalSampleEvent(DateTimeOffset Timestamp, string Message);
