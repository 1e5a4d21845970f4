namespace LogGrains.Core.Decoding;

/// <summary>The result of parsing one record object: where its message is and its timestamp.</summary>
internal struct ParsedRecord
{
    /// <summary>The record's length in bytes, from its <c>{</c> through its <c>}</c>.</summary>
    public int Length;

    public MessageKind MessageKind;

    /// <summary>For <see cref="MessageKind.Inline"/> and <see cref="MessageKind.Escaped"/>: offset in the record bytes.</summary>
    public int MessageStart;

    /// <summary>For <see cref="MessageKind.Inline"/>, <see cref="MessageKind.Scratch"/> and <see cref="MessageKind.Escaped"/>: length in bytes.</summary>
    public int MessageLength;

    /// <summary>For <see cref="MessageKind.Escaped"/>: the message's length once unescaped.</summary>
    public int UnescapedLength;

    /// <summary>For <see cref="MessageKind.Escaped"/>: every byte of the escaped message is ASCII.</summary>
    public bool Ascii;

    public bool HasTimestamp;

    public long TimestampMs;
}
