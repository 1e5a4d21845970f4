namespace LogGrains.Core.Tests.Decoding;

/// <summary>One event as a sink received it; the text is the UTF-8 message decoded, so equality is byte equality.</summary>
internal readonly record struct LoggedEvent(long TimestampMs, string Text);
