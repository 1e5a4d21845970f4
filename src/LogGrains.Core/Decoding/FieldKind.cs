namespace LogGrains.Core.Decoding;

/// <summary>What a top-level property of a Vector record is to the decoder.</summary>
internal enum FieldKind : byte
{
    Other = 0,
    Message,
    Timestamp,
    Metadata,
}
