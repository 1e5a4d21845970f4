namespace LogGrains.Core.Decoding;

/// <summary>The result of parsing one record object: where its message is and its timestamp.</summary>
internal struct ParsedRecord
{
    /// <summary>The record's length in bytes, from its <c>{</c> through its <c>}</c>.</summary>
    public int Length;

    public MessageKind MessageKind;

    /// <summary>For <see cref="MessageKind.Inline"/>: offset in the record bytes.</summary>
    public int MessageStart;

    /// <summary>For <see cref="MessageKind.Inline"/> and <see cref="MessageKind.Scratch"/>: length in bytes.</summary>
    public int MessageLength;

    public bool HasTimestamp;

    public long TimestampMs;
}
