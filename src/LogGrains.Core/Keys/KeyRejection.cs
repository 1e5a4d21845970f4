namespace LogGrains.Core.Keys;

/// <summary>
/// A permanent refusal of an object key, with a message that names the segment at fault.
/// </summary>
/// <param name="Reason">The typed reason, usable as a metric label.</param>
/// <param name="Message">A human-readable explanation naming the segment (position and placeholder).</param>
public sealed record KeyRejection(KeyRejectionReason Reason, string Message);
