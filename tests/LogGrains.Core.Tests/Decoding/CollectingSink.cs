using System.Text;
using LogGrains.Core.Events;

namespace LogGrains.Core.Tests.Decoding;

internal sealed class CollectingSink : ILogEventSink
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public List<LoggedEvent> Events { get; } = [];

    public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        Assert.False(messageUtf8.IsEmpty, "a sink must never receive an empty message");
        Events.Add(new LoggedEvent(timestampMs, StrictUtf8.GetString(messageUtf8)));
    }
}
