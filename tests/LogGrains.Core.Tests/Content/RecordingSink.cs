using LogGrains.Core.Events;

namespace LogGrains.Core.Tests.Content;

/// <summary>Records what reaches the planner's seat: each event, and whether it came escaped.</summary>
internal sealed class RecordingSink(bool takeEscaped = true) : IValidUtf8EventSink
{
    public List<(long TimestampMs, byte[] Message, bool Escaped)> Events { get; } = [];

    public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8) => Events.Add((timestampMs, messageUtf8.ToArray(), false));

    public void AddValidUtf8(long timestampMs, ReadOnlySpan<byte> messageUtf8) => Events.Add((timestampMs, messageUtf8.ToArray(), false));

    public bool TryAddValidEscapedUtf8(long timestampMs, ReadOnlySpan<byte> escapedUtf8, int unescapedLength)
    {
        if (!takeEscaped)
        {
            return false;
        }

        Events.Add((timestampMs, escapedUtf8.ToArray(), true));
        return true;
    }
}
