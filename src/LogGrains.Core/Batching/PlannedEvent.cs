namespace LogGrains.Core.Batching;

/// <summary>One event of a <see cref="PlannedBatch"/>: its time, its piece position, and where its message sits in the batch's arena.</summary>
/// <remarks>
/// An <paramref name="Escaped"/> message is held as the content of a JSON string (escapes as they were in the file),
/// followed in the arena by its closing quote; <paramref name="Length"/> does not count the quote.
/// Offsets grow strictly in input order inside one batch, so (timestamp, offset) is a total
/// order that keeps input order among equal timestamps: sorting by it is stable by construction.
/// </remarks>
internal readonly record struct PlannedEvent(long TimestampMs, long Position, int Offset, int Length, bool Escaped);
