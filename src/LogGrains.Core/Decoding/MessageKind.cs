namespace LogGrains.Core.Decoding;

/// <summary>Where a parsed record's message is.</summary>
internal enum MessageKind : byte
{
    /// <summary>No <c>message</c> property: the message is the record minus metadata.</summary>
    Absent = 0,

    /// <summary><c>"message": null</c>: treated as empty.</summary>
    Null,

    /// <summary>A slice of the record bytes: an unescaped string's content or a raw JSON value.</summary>
    Inline,

    /// <summary>An escaped string, unescaped into the extractor's scratch buffer.</summary>
    Scratch,

    /// <summary>
    /// An escaped string, checked and measured but left as it is in the record bytes: <see cref="ParsedRecord.MessageStart"/>
    /// and <see cref="ParsedRecord.MessageLength"/> give its content (its closing quote follows),
    /// <see cref="ParsedRecord.UnescapedLength"/> its length once unescaped.
    /// </summary>
    Escaped,
}
