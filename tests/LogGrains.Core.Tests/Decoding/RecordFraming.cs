namespace LogGrains.Core.Tests.Decoding;

internal enum RecordFraming
{
    ArraySingleLine,
    ArrayPretty,
    Ndjson,
    NdjsonWithArrayLines,
}
