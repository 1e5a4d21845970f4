namespace LogGrains.Core.Decoding;

/// <summary>
/// The framing <see cref="VectorFileReader"/> detected from the first non-whitespace byte of the decompressed content.
/// </summary>
public enum ContentFormat
{
    /// <summary>Not detected yet, or the content was empty or only whitespace.</summary>
    Unknown = 0,

    /// <summary>Started with <c>[</c>: a whitespace-separated sequence of JSON arrays of records (or records).</summary>
    JsonArray,

    /// <summary>Started with <c>{</c>: one JSON record (or array of records) per line.</summary>
    Ndjson,

    /// <summary>Anything else: every non-empty line is one message.</summary>
    PlainText,
}
