namespace LogGrains.Benchmarks;

/// <summary>How records are framed in a generated file.</summary>
public enum Framing
{
    /// <summary>One JSON record per line (Vector's aws_s3 sink with newline_delimited framing).</summary>
    Ndjson,

    /// <summary>One single-line JSON array of records (the seed's configuration).</summary>
    Array,
}
