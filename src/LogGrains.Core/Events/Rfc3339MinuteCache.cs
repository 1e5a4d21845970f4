using System.Runtime.InteropServices;

namespace LogGrains.Core.Events;

/// <summary>
/// The last RFC 3339 minute (<c>YYYY-MM-DDThh:mm</c>, 16 bytes) that <see cref="TimestampParser"/> validated, with its
/// value: consecutive log events nearly always share it, so only the seconds onwards need parsing.
/// </summary>
internal struct Rfc3339MinuteCache
{
    private ulong _head;
    private ulong _tail;
    private bool _valid;

    /// <summary>Seconds since the epoch at the cached minute, before any offset.</summary>
    public long MinuteSeconds { get; private set; }

    /// <summary>Whether the first 16 bytes of <paramref name="text"/> (at least 16 long) are the cached minute.</summary>
    public readonly bool Matches(ReadOnlySpan<byte> text) =>
        _valid && MemoryMarshal.Read<ulong>(text) == _head && MemoryMarshal.Read<ulong>(text[8..]) == _tail;

    /// <summary>Caches the validated minute at the start of <paramref name="text"/>.</summary>
    public void Set(ReadOnlySpan<byte> text, long minuteSeconds)
    {
        _head = MemoryMarshal.Read<ulong>(text);
        _tail = MemoryMarshal.Read<ulong>(text[8..]);
        MinuteSeconds = minuteSeconds;
        _valid = true;
    }
}
