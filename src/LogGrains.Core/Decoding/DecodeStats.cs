namespace LogGrains.Core.Decoding;

/// <summary>
/// What one <see cref="VectorFileReader"/> has decoded so far. Live: it changes as reading proceeds.
/// </summary>
/// <remarks><see cref="Records"/> always equals <see cref="Events"/> plus <see cref="EmptySkipped"/>.</remarks>
public sealed class DecodeStats
{
    /// <summary>Records decoded: JSON record objects plus text lines taken as messages.</summary>
    public long Records { get; internal set; }

    /// <summary>Events pushed into the sink.</summary>
    public long Events { get; internal set; }

    /// <summary>Records not emitted because their message was empty (<c>""</c>, <c>null</c>, or nothing left after removing metadata).</summary>
    public long EmptySkipped { get; internal set; }

    /// <summary>Emitted events whose time is the fallback time: missing or unparsable <c>timestamp</c>, and every text line.</summary>
    public long TimestampFallbacks { get; internal set; }

    /// <summary>Lines of an NDJSON file that were not a JSON record and were delivered verbatim as text (also counted in <see cref="Events"/>).</summary>
    public long NonJsonLines { get; internal set; }

    /// <summary>Bytes of decompressed content read so far.</summary>
    public long DecompressedBytes { get; internal set; }

    /// <summary>Messages that held invalid UTF-8 and were delivered with U+FFFD in place of the bad bytes.</summary>
    public long InvalidUtf8Repaired { get; internal set; }

    /// <summary>True when the input started with the gzip magic bytes.</summary>
    public bool IsGzip { get; internal set; }

    /// <summary>The framing detected from the content.</summary>
    public ContentFormat Format { get; internal set; }
}
