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

    /// <summary>
    /// Takes an event whose message is given as the content of a JSON string, escapes and all, so that it can go into a
    /// JSON request body without being unescaped and escaped again.
    /// </summary>
    /// <param name="timestampMs">The event time in Unix epoch milliseconds (UTC).</param>
    /// <param name="escapedUtf8">
    /// The string's content exactly as JSON writes it, followed by its closing quote: valid UTF-8, every escape valid
    /// (no lone surrogate), no raw control character.
    /// </param>
    /// <param name="unescapedLength">The message's length in UTF-8 bytes once unescaped, at least 1.</param>
    /// <returns>False when the sink cannot take the message in this form (it must be given unescaped to <see cref="AddValidUtf8"/>); nothing was taken then.</returns>
    bool TryAddValidEscapedUtf8(long timestampMs, ReadOnlySpan<byte> escapedUtf8, int unescapedLength);
}
