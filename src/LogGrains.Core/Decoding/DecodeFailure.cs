namespace LogGrains.Core.Decoding;

/// <summary>
/// Why a file cannot be decoded. Every value means the file is poison: retrying will not help.
/// </summary>
public enum DecodeFailure
{
    /// <summary>No specific reason was given.</summary>
    Unspecified = 0,

    /// <summary>The gzip data is invalid (bad header, bad deflate data or checksum mismatch) or cut short (no trailer of the last member at the end).</summary>
    CorruptCompression,

    /// <summary>JSON content is invalid or truncated.</summary>
    MalformedJson,

    /// <summary>A record or line is larger than <see cref="DecodeOptions.MaxRecordSize"/>.</summary>
    RecordTooLarge,

    /// <summary>The file held no record at all (see <see cref="VectorFileReader"/> for the exact rule).</summary>
    NoEvents,
}
