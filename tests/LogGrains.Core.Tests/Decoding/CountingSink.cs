using LogGrains.Core.Events;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>Counts events without keeping them, for streams too large to collect.</summary>
internal sealed class CountingSink : ILogEventSink
{
    public long Count { get; private set; }

    public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        Assert.True(messageUtf8.Length > 100);
        Count++;
    }
}
