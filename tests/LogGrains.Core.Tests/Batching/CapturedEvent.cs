namespace LogGrains.Core.Tests.Batching;

internal sealed record CapturedEvent(long TimestampMs, long Position, byte[] Message);
