using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LogGrains.Core.Decoding;

/// <summary>Classifies top-level property names of a Vector record.</summary>
internal static class VectorFields
{
    /// <summary>Classifies an unescaped property name.</summary>
    public static FieldKind Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        4 when Is(name, "file"u8) => FieldKind.Metadata,
        6 when Is(name, "stream"u8) => FieldKind.Metadata,
        7 when Is(name, "message"u8) => FieldKind.Message,
        8 when Is(name, "pod_name"u8) => FieldKind.Metadata,
        9 when Is(name, "timestamp"u8) => FieldKind.Timestamp,
        9 when Is(name, "namespace"u8) => FieldKind.Metadata,
        10 when Is(name, "kubernetes"u8) || Is(name, "cluster_id"u8) => FieldKind.Metadata,
        11 when Is(name, "customer_id"u8) || Is(name, "application"u8) || Is(name, "source_type"u8) => FieldKind.Metadata,
        16 when Is(name, "ingest_timestamp"u8) => FieldKind.Metadata,
        _ => FieldKind.Other,
    };

    // name and literal have the same length, 4 to 16 bytes: two overlapping loads from each compare every byte,
    // without the call that SequenceEqual makes on every field of every record.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Is(ReadOnlySpan<byte> name, ReadOnlySpan<byte> literal)
    {
        if (literal.Length >= sizeof(ulong))
        {
            return MemoryMarshal.Read<ulong>(name) == MemoryMarshal.Read<ulong>(literal)
                && MemoryMarshal.Read<ulong>(name[^sizeof(ulong)..]) == MemoryMarshal.Read<ulong>(literal[^sizeof(ulong)..]);
        }

        return MemoryMarshal.Read<uint>(name) == MemoryMarshal.Read<uint>(literal)
            && MemoryMarshal.Read<uint>(name[^sizeof(uint)..]) == MemoryMarshal.Read<uint>(literal[^sizeof(uint)..]);
    }
}
