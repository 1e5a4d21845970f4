namespace LogGrains.Core.Events;

/// <summary>
/// A sink that can take events whose message the caller has already checked to be valid UTF-8, so that the check is
/// not made twice per event (the decoder checks every message, to repair invalid ones, before it hands it over).
/// </summary>
internal interface IValidUtf8EventSink : ILogEventSink
{
    /// <summary>As <see cref="ILogEventSink.Add"/>, for a message known to be valid UTF-8.</summary>
    /// <param name="timestampMs">The event time in Unix epoch milliseconds (UTC).</param>
    /// <param name="messageUtf8">The message, valid UTF-8, never empty.</param>
    void AddValidUtf8(long timestampMs, ReadOnlySpan<byte> messageUtf8);
}
