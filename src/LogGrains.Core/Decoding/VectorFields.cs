namespace LogGrains.Core.Decoding;

/// <summary>Classifies top-level property names of a Vector record.</summary>
internal static class VectorFields
{
    /// <summary>Classifies an unescaped property name.</summary>
    public static FieldKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when name.SequenceEqual("file"u8) => FieldKind.Metadata,
        6 when name.SequenceEqual("stream"u8) => FieldKind.Metadata,
        7 when name.SequenceEqual("message"u8) => FieldKind.Message,
        8 when name.SequenceEqual("pod_name"u8) => FieldKind.Metadata,
        9 when name.SequenceEqual("timestamp"u8) => FieldKind.Timestamp,
        9 when name.SequenceEqual("namespace"u8) => FieldKind.Metadata,
        10 when name.SequenceEqual("kubernetes"u8) || name.SequenceEqual("cluster_id"u8) => FieldKind.Metadata,
        11 when name.SequenceEqual("customer_id"u8) || name.SequenceEqual("application"u8) || name.SequenceEqual("source_type"u8) => FieldKind.Metadata,
        16 when name.SequenceEqual("ingest_timestamp"u8) => FieldKind.Metadata,
        _ => FieldKind.Other,
    };
}
