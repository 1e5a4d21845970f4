using System.Buffers;
using System.Text.Json;
using LogGrains.Core.Events;

namespace LogGrains.Core.Decoding;

/// <summary>
/// Turns one Vector record object (complete, in memory) into at most one event. Holds the pooled scratch buffer used
/// for unescaped messages and for records rebuilt without their metadata, so that no event allocates.
/// </summary>
internal sealed class RecordExtractor : IDisposable
{
    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private const int MaxEscapedNameLength = 96;

    private readonly DecodeStats _stats;
    private readonly long _fallbackMs;
    private byte[] _scratch;

    public RecordExtractor(DecodeStats stats, long fallbackMs)
    {
        _stats = stats;
        _fallbackMs = fallbackMs;
        _scratch = ArrayPool<byte>.Shared.Rent(4096);
    }

    /// <summary>The scratch buffer's current size, for the memory-bound tests.</summary>
    public int ScratchCapacity => _scratch.Length;

    /// <summary>
    /// Parses the record object that starts at <paramref name="data"/>[0] (a <c>{</c>).
    /// </summary>
    /// <returns>False when the data ends before the object does (only when <paramref name="isFinalBlock"/> is false).</returns>
    /// <exception cref="JsonException">The JSON is invalid, or incomplete while <paramref name="isFinalBlock"/> is true.</exception>
    public bool TryParse(ReadOnlySpan<byte> data, bool isFinalBlock, out ParsedRecord record)
    {
        record = default;
        var reader = new Utf8JsonReader(data, isFinalBlock, new JsonReaderState(ReaderOptions));
        if (!reader.Read())
        {
            return false;
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            var kind = reader.ValueIsEscaped ? ClassifyEscaped(ref reader) : VectorFields.Classify(reader.ValueSpan);
            if (!reader.Read())
            {
                return false;
            }

            var complete = kind switch
            {
                FieldKind.Message => ReadMessage(ref reader, ref record),
                FieldKind.Timestamp => ReadTimestamp(ref reader, ref record),
                _ => SkipValue(ref reader),
            };
            if (!complete)
            {
                return false;
            }
        }

        record.Length = (int)reader.BytesConsumed;
        return true;
    }

    /// <summary>Pushes the record's event into the sink, or counts it as empty.</summary>
    /// <param name="recordBytes">Exactly the record's bytes as given to <see cref="TryParse"/>.</param>
    /// <param name="record">The parse result.</param>
    /// <param name="sink">The receiver.</param>
    public void Emit(ReadOnlySpan<byte> recordBytes, in ParsedRecord record, ILogEventSink sink)
    {
        _stats.Records++;
        var message = record.MessageKind switch
        {
            MessageKind.Inline => recordBytes.Slice(record.MessageStart, record.MessageLength),
            MessageKind.Scratch => _scratch.AsSpan(0, record.MessageLength),
            MessageKind.Absent => WithoutMetadata(recordBytes),
            _ => default,
        };
        if (message.IsEmpty)
        {
            _stats.EmptySkipped++;
            return;
        }

        long timestampMs;
        if (record.HasTimestamp)
        {
            timestampMs = record.TimestampMs;
        }
        else
        {
            timestampMs = _fallbackMs;
            _stats.TimestampFallbacks++;
        }

        sink.Add(timestampMs, message);
        _stats.Events++;
    }

    /// <summary>Pushes a text line as one event at the fallback time; an empty line is ignored and not counted.</summary>
    public void EmitText(ReadOnlySpan<byte> line, ILogEventSink sink)
    {
        if (line.IsEmpty)
        {
            return;
        }

        _stats.Records++;
        _stats.TimestampFallbacks++;
        sink.Add(_fallbackMs, line);
        _stats.Events++;
    }

    public void Dispose()
    {
        var scratch = _scratch;
        _scratch = [];
        if (scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static FieldKind ClassifyEscaped(ref Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxEscapedNameLength)
        {
            return FieldKind.Other;
        }

        Span<byte> name = stackalloc byte[MaxEscapedNameLength];
        var length = reader.CopyString(name);
        return VectorFields.Classify(name[..length]);
    }

    private static bool SkipValue(ref Utf8JsonReader reader) =>
        reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip();

    private static bool ReadTimestamp(ref Utf8JsonReader reader, ref ParsedRecord record)
    {
        long ms = 0;
        var parsed = false;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped:
            case JsonTokenType.Number:
                parsed = TimestampParser.TryParse(reader.ValueSpan, out ms);
                break;
            case JsonTokenType.String:
                parsed = TryParseEscapedTimestamp(ref reader, out ms);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                if (!reader.TrySkip())
                {
                    return false;
                }

                break;
        }

        record.HasTimestamp = parsed;
        record.TimestampMs = parsed ? ms : 0;
        return true;
    }

    private static bool TryParseEscapedTimestamp(ref Utf8JsonReader reader, out long ms)
    {
        ms = 0;
        const int MaxLength = 256;
        if (reader.ValueSpan.Length > MaxLength)
        {
            return false;
        }

        Span<byte> text = stackalloc byte[MaxLength];
        var length = reader.CopyString(text);
        return TimestampParser.TryParse(text[..length], out ms);
    }

    private bool ReadMessage(ref Utf8JsonReader reader, ref ParsedRecord record)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String when !reader.ValueIsEscaped:
                record.MessageKind = MessageKind.Inline;
                record.MessageStart = (int)reader.TokenStartIndex + 1;
                record.MessageLength = reader.ValueSpan.Length;
                return true;
            case JsonTokenType.String:
                EnsureScratch(reader.ValueSpan.Length);
                record.MessageKind = MessageKind.Scratch;
                record.MessageLength = reader.CopyString(_scratch);
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)reader.TokenStartIndex;
                if (!reader.TrySkip())
                {
                    return false;
                }

                record.MessageKind = MessageKind.Inline;
                record.MessageStart = start;
                record.MessageLength = (int)reader.BytesConsumed - start;
                return true;
            case JsonTokenType.Null:
                record.MessageKind = MessageKind.Null;
                return true;
            default:
                record.MessageKind = MessageKind.Inline;
                record.MessageStart = (int)reader.TokenStartIndex;
                record.MessageLength = reader.ValueSpan.Length;
                return true;
        }
    }

    // The record minus Vector metadata as a compact object; names and values keep their exact bytes from the file.
    private ReadOnlySpan<byte> WithoutMetadata(ReadOnlySpan<byte> recordBytes)
    {
        EnsureScratch(recordBytes.Length);
        var output = _scratch.AsSpan();
        var reader = new Utf8JsonReader(recordBytes, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        var written = 1;
        output[0] = (byte)'{';
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameStart = (int)reader.TokenStartIndex;
            var nameEnd = nameStart + reader.ValueSpan.Length + 2;
            var kind = reader.ValueIsEscaped ? ClassifyEscaped(ref reader) : VectorFields.Classify(reader.ValueSpan);
            reader.Read();
            var valueStart = (int)reader.TokenStartIndex;
            int valueEnd;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    valueEnd = (int)reader.BytesConsumed;
                    break;
                case JsonTokenType.String:
                    valueEnd = valueStart + reader.ValueSpan.Length + 2;
                    break;
                default:
                    valueEnd = valueStart + reader.ValueSpan.Length;
                    break;
            }

            if (kind != FieldKind.Other)
            {
                continue;
            }

            if (written > 1)
            {
                output[written++] = (byte)',';
            }

            recordBytes[nameStart..nameEnd].CopyTo(output[written..]);
            written += nameEnd - nameStart;
            output[written++] = (byte)':';
            recordBytes[valueStart..valueEnd].CopyTo(output[written..]);
            written += valueEnd - valueStart;
        }

        if (written == 1)
        {
            return default;
        }

        output[written++] = (byte)'}';
        return output[..written];
    }

    private void EnsureScratch(int size)
    {
        if (_scratch.Length >= size)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(size);
        ArrayPool<byte>.Shared.Return(_scratch);
        _scratch = larger;
    }
}
