namespace LogGrains.Core.Batching;

/// <summary>Receives one event of a <see cref="BatchGroup"/> in send order.</summary>
/// <param name="timestampMs">The event time, Unix epoch milliseconds.</param>
/// <param name="message">The UTF-8 message, valid only during the call.</param>
public delegate void SentEventVisitor(long timestampMs, ReadOnlySpan<byte> message);
