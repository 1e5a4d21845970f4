namespace LogGrains.Core.Decoding;

/// <summary>
/// Limits for <see cref="VectorFileReader"/>.
/// </summary>
public sealed record DecodeOptions
{
    /// <summary>The default <see cref="ChunkSize"/>: 64 KiB.</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary>The default <see cref="MaxRecordSize"/>: 8 MiB.</summary>
    public const int DefaultMaxRecordSize = 8 * 1024 * 1024;

    /// <summary>
    /// How many decompressed bytes one <see cref="VectorFileReader.ReadAsync"/> call reads at most, unless a single
    /// record needs more to be complete. At least 1.
    /// </summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    /// <summary>
    /// The largest record (a JSON record object, or a line without its terminator) the reader will hold in memory;
    /// a larger one fails the file with <see cref="DecodeFailure.RecordTooLarge"/>. At least 1.
    /// </summary>
    public int MaxRecordSize { get; init; } = DefaultMaxRecordSize;
}
