namespace LogGrains.Core.Events;

/// <summary>
/// Receives the events a decoder extracts from one file, in file order.
/// </summary>
/// <remarks>
/// The message span is only valid during the call: a sink that keeps it must copy it.
/// This is the seam between decoding (<c>Decoding/</c>) and batch planning (<c>Batching/</c>).
/// </remarks>
public interface ILogEventSink
{
    /// <summary>Accepts one event.</summary>
    /// <param name="timestampMs">The event time in Unix epoch milliseconds (UTC).</param>
    /// <param name="messageUtf8">The message exactly as it will be delivered, UTF-8, never empty.</param>
    void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8);
}
