using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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

    private static readonly SearchValues<byte> NumberChars = SearchValues.Create("0123456789+-.eE"u8);

    private readonly DecodeStats _stats;
    private readonly long _fallbackMs;
    private byte[] _scratch;
    private Rfc3339MinuteCache _minuteCache;

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
    /// <remarks>
    /// The record's own structure, its message and its timestamp are checked strictly; values that are dropped (the
    /// <c>kubernetes</c> block and other fields) are skipped by a fast scan that checks strings and bracket nesting only.
    /// A record without <c>message</c> is delivered whole, so it is then checked strictly too.
    /// </remarks>
    /// <returns>False when the data ends before the object does (only when <paramref name="isFinalBlock"/> is false).</returns>
    /// <exception cref="JsonException">The JSON is invalid, or incomplete while <paramref name="isFinalBlock"/> is true.</exception>
    // Compiled on its own (never inlined into a caller): inlined into the NDJSON caller, whose try/catch and size use up
    // the JIT's inlining budget, it left SkipWhitespace, Slice and ReadTimestamp as calls on every field.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public bool TryParse(ReadOnlySpan<byte> data, bool isFinalBlock, out ParsedRecord record)
    {
        record = default;
        var pos = 1;
        if (!SkipWhitespace(data, ref pos))
        {
            return Incomplete(isFinalBlock);
        }

        if (data[pos] != (byte)'}')
        {
            while (true)
            {
                if (data[pos] != (byte)'"')
                {
                    throw Invalid("expected a property name", pos);
                }

                var nameEnd = ScanString(data, pos, out var nameEscaped);
                if (nameEnd < 0)
                {
                    return Incomplete(isFinalBlock);
                }

                var kind = nameEscaped ? ClassifyEscaped(data[pos..(nameEnd + 1)]) : VectorFields.Classify(data[(pos + 1)..nameEnd]);
                pos = nameEnd + 1;
                if (!SkipWhitespace(data, ref pos))
                {
                    return Incomplete(isFinalBlock);
                }

                if (data[pos] != (byte)':')
                {
                    throw Invalid("expected ':'", pos);
                }

                pos++;
                if (!SkipWhitespace(data, ref pos))
                {
                    return Incomplete(isFinalBlock);
                }

                var valueStart = pos;
                var valueEscaped = false;
                var stringMessage = kind == FieldKind.Message && data[pos] == (byte)'"';
                var valueEnd = stringMessage ? ReadMessageString(data, pos, ref record) : ScanValue(data, pos, out valueEscaped);
                if (valueEnd < 0)
                {
                    return Incomplete(isFinalBlock);
                }

                var value = data[valueStart..valueEnd];
                if (kind == FieldKind.Message && !stringMessage)
                {
                    ReadMessage(value, valueStart, ref record);
                }
                else if (kind == FieldKind.Timestamp)
                {
                    ReadTimestamp(value, valueEscaped, ref record);
                }

                pos = valueEnd;
                if (!SkipWhitespace(data, ref pos))
                {
                    return Incomplete(isFinalBlock);
                }

                if (data[pos] == (byte)'}')
                {
                    break;
                }

                if (data[pos] != (byte)',')
                {
                    throw Invalid("expected ',' or '}'", pos);
                }

                pos++;
                if (!SkipWhitespace(data, ref pos))
                {
                    return Incomplete(isFinalBlock);
                }
            }
        }

        record.Length = pos + 1;
        if (record.MessageKind == MessageKind.Absent)
        {
            ValidateStrictly(data[..record.Length]);
        }

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
            MessageKind.Inline or MessageKind.Escaped => recordBytes.Slice(record.MessageStart, record.MessageLength),
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

        if (record.MessageKind == MessageKind.Escaped)
        {
            // With its closing quote, which the planner keeps to unescape it on demand.
            PushEscaped(timestampMs, recordBytes.Slice(record.MessageStart, record.MessageLength + 1), record.UnescapedLength, record.Ascii, sink);
        }
        else
        {
            Push(timestampMs, message, sink);
        }
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
        Push(_fallbackMs, line, sink);
    }

    /// <summary>
    /// Hands one event to the sink. CloudWatch Logs takes UTF-8 only and the planner refuses anything else,
    /// so a message with invalid sequences (a Latin-1 log line, say) is delivered with U+FFFD in their place
    /// and counted, rather than failing the whole file.
    /// </summary>
    private void Push(long timestampMs, ReadOnlySpan<byte> message, ILogEventSink sink)
    {
        if (System.Text.Unicode.Utf8.IsValid(message))
        {
            if (sink is IValidUtf8EventSink checkedSink)
            {
                checkedSink.AddValidUtf8(timestampMs, message);
            }
            else
            {
                sink.Add(timestampMs, message);
            }
        }
        else
        {
            _stats.InvalidUtf8Repaired++;
            sink.Add(timestampMs, System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(message)));
        }

        _stats.Events++;
    }

    /// <summary>
    /// Hands over a string message that holds escapes. The planner takes it as it stands in the file and copies it into
    /// the request body unchanged, which spares unescaping it here and escaping it again there (most log lines hold
    /// quotes). Any other sink, a message that is not valid UTF-8 (to be repaired) and one that the planner would have
    /// to split get it unescaped, exactly as before.
    /// </summary>
    /// <param name="timestampMs">The event time.</param>
    /// <param name="escaped">The string's content as it is in the file, followed by its closing quote; checked by <see cref="JsonUnescaper.MeasureString"/>.</param>
    /// <param name="unescapedLength">Its length once unescaped.</param>
    /// <param name="ascii">Whether the measuring found every byte of it ASCII.</param>
    /// <param name="sink">The receiver.</param>
    private void PushEscaped(long timestampMs, ReadOnlySpan<byte> escaped, int unescapedLength, bool ascii, ILogEventSink sink)
    {
        // The unescaped text is valid UTF-8 exactly when the escaped one is: an escape is ASCII and stands for whole
        // code points, so it can neither complete nor break a multi-byte sequence around it.
        if (sink is IValidUtf8EventSink checkedSink
            && (ascii || System.Text.Unicode.Utf8.IsValid(escaped))
            && checkedSink.TryAddValidEscapedUtf8(timestampMs, escaped, unescapedLength))
        {
            _stats.Events++;
            return;
        }

        var written = JsonUnescaper.UnescapeMeasured(escaped, ref _scratch);
        Push(timestampMs, _scratch.AsSpan(0, written), sink);
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

    private static bool Incomplete(bool isFinalBlock) =>
        isFinalBlock ? throw new JsonException("The data ends inside the record.") : false;

    private static JsonException Invalid(string expected, int position) =>
        new($"Invalid JSON at byte {position} of the record: {expected}.");

    // Called four times per field; in compact JSON (Vector's) there is no whitespace, so one compare decides: every
    // JSON whitespace byte is at most 0x20.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool SkipWhitespace(ReadOnlySpan<byte> data, ref int pos)
    {
        if ((uint)pos < (uint)data.Length && data[pos] > (byte)' ')
        {
            return true;
        }

        while (pos < data.Length)
        {
            var c = data[pos];
            if (c != (byte)' ' && c != (byte)'\n' && c != (byte)'\r' && c != (byte)'\t')
            {
                return true;
            }

            pos++;
        }

        return false;
    }

    // Returns the index of the closing quote of the string whose opening quote is at data[quote], or -1 when it does not end.
    private static int ScanString(ReadOnlySpan<byte> data, int quote, out bool escaped)
    {
        escaped = false;
        var i = quote + 1;
        while (i < data.Length)
        {
            // Most strings here are short: one 32-byte compare usually finds the end without a library call.
            int next;
            if (Vector256.IsHardwareAccelerated && data.Length - i >= 32)
            {
                var v = Vector256.Create(data.Slice(i, 32));
                var mask = (Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'))).ExtractMostSignificantBits();
                if (mask == 0)
                {
                    i += 32;
                    continue;
                }

                next = BitOperations.TrailingZeroCount(mask);
            }
            else
            {
                next = data[i..].IndexOfAny((byte)'"', (byte)'\\');
            }

            if (next < 0)
            {
                return -1;
            }

            i += next;
            if (data[i] == (byte)'"')
            {
                return i;
            }

            escaped = true;
            i += 2;
        }

        return -1;
    }

    // Returns the index just after the value starting at data[pos], or -1 when the data ends first.
    private static int ScanValue(ReadOnlySpan<byte> data, int pos, out bool escaped)
    {
        escaped = false;
        var c = data[pos];
        switch (c)
        {
            case (byte)'"':
                var end = ScanString(data, pos, out escaped);
                return end < 0 ? -1 : end + 1;
            case (byte)'{' or (byte)'[':
                return SkipNested(data, pos);
            case (byte)'t':
                return ScanLiteral(data, pos, "true"u8);
            case (byte)'f':
                return ScanLiteral(data, pos, "false"u8);
            case (byte)'n':
                return ScanLiteral(data, pos, "null"u8);
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                var length = data[pos..].IndexOfAnyExcept(NumberChars);
                return length < 0 ? -1 : pos + length;
            default:
                throw Invalid($"unexpected character '{(char)c}' (0x{c:x2}) where a value starts", pos);
        }
    }

    private static int ScanLiteral(ReadOnlySpan<byte> data, int pos, ReadOnlySpan<byte> literal)
    {
        var available = Math.Min(literal.Length, data.Length - pos);
        if (!data.Slice(pos, available).SequenceEqual(literal[..available]))
        {
            throw Invalid("invalid literal", pos);
        }

        return available < literal.Length ? -1 : pos + literal.Length;
    }

    // Skips a nested object or array (the kubernetes block, mostly): checks string boundaries and bracket nesting only.
    // 64 bytes at a time: quotes, backslashes and brackets become bit masks; when a block holds no backslash, a prefix
    // XOR of the quote mask marks the bytes inside strings, so only brackets outside strings are looked at one by one.
    // A block with a backslash (escapes can hide quotes) and the tail are walked byte by byte with the same rules.
    private static int SkipNested(ReadOnlySpan<byte> data, int pos)
    {
        Span<byte> open = stackalloc byte[ReaderOptions.MaxDepth];
        var depth = 0;
        var inString = false;
        var i = pos;
        while (i < data.Length)
        {
            if (Vector128.IsHardwareAccelerated && data.Length - i >= 64)
            {
                var masks = Classify64(data.Slice(i, 64));
                if (masks.Backslashes == 0)
                {
                    var insideStrings = PrefixXor(masks.Quotes) ^ (inString ? ulong.MaxValue : 0);
                    inString = (long)insideStrings < 0;
                    var brackets = masks.Brackets & ~insideStrings;
                    while (brackets != 0)
                    {
                        var at = i + BitOperations.TrailingZeroCount(brackets);
                        brackets &= brackets - 1;
                        if (Bracket(data[at], at, open, ref depth))
                        {
                            return at + 1;
                        }
                    }

                    i += 64;
                    continue;
                }
            }

            // Byte by byte up to the end of this block (or of the data); an escape may carry i one byte further.
            var stop = Math.Min(data.Length, i + 64);
            while (i < stop)
            {
                var c = data[i];
                if (inString)
                {
                    if (c == (byte)'\\')
                    {
                        i += 2;
                        continue;
                    }

                    inString = c != (byte)'"';
                }
                else if (c == (byte)'"')
                {
                    inString = true;
                }
                else if (c is (byte)'{' or (byte)'[' or (byte)'}' or (byte)']' && Bracket(c, i, open, ref depth))
                {
                    return i + 1;
                }

                i++;
            }
        }

        return -1;
    }

    // Applies one bracket outside strings; true when it closes the outermost one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Bracket(byte c, int at, Span<byte> open, ref int depth)
    {
        if (c is (byte)'{' or (byte)'[')
        {
            if (depth == open.Length)
            {
                throw Invalid($"nesting deeper than {open.Length}", at);
            }

            open[depth++] = c;
            return false;
        }

        if (open[--depth] != (c == (byte)'}' ? (byte)'{' : (byte)'['))
        {
            throw Invalid($"'{(char)c}' does not close '{(char)open[depth]}'", at);
        }

        return depth == 0;
    }

    // Bit k of each mask is byte k of the block: quotes, backslashes, and any of { } [ ].
    // '[' | 0x20 == '{' and ']' | 0x20 == '}', and no other byte maps onto those two.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Quotes, ulong Backslashes, ulong Brackets) Classify64(ReadOnlySpan<byte> block)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.Create(block);
            var folded = v | Vector512.Create((byte)0x20);
            return (
                Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits(),
                (Vector512.Equals(folded, Vector512.Create((byte)'{')) | Vector512.Equals(folded, Vector512.Create((byte)'}'))).ExtractMostSignificantBits());
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var (q0, b0, k0) = Classify32(Vector256.Create(block[..32]));
            var (q1, b1, k1) = Classify32(Vector256.Create(block[32..]));
            return (q0 | ((ulong)q1 << 32), b0 | ((ulong)b1 << 32), k0 | ((ulong)k1 << 32));
        }

        ulong quotes = 0, backslashes = 0, brackets = 0;
        for (var part = 0; part < 4; part++)
        {
            var v = Vector128.Create(block.Slice(part * 16, 16));
            var folded = v | Vector128.Create((byte)0x20);
            var shift = part * 16;
            quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << shift;
            backslashes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << shift;
            brackets |= (ulong)(Vector128.Equals(folded, Vector128.Create((byte)'{')) | Vector128.Equals(folded, Vector128.Create((byte)'}'))).ExtractMostSignificantBits() << shift;
        }

        return (quotes, backslashes, brackets);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Quotes, uint Backslashes, uint Brackets) Classify32(Vector256<byte> v)
    {
        var folded = v | Vector256.Create((byte)0x20);
        return (
            Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits(),
            (Vector256.Equals(folded, Vector256.Create((byte)'{')) | Vector256.Equals(folded, Vector256.Create((byte)'}'))).ExtractMostSignificantBits());
    }

    // Bit k of the result is the XOR of bits 0..k: set from an opening quote up to (not including) its closing quote.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong PrefixXor(ulong x)
    {
        if (Pclmulqdq.IsSupported)
        {
            // A carry-less multiply by all ones is exactly the prefix XOR, in one instruction.
            return Pclmulqdq.CarrylessMultiply(Vector128.CreateScalar(x), Vector128.Create(ulong.MaxValue), 0).ToScalar();
        }

        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        return x;
    }

    private static void ValidateStrictly(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        reader.Skip();
        if (reader.BytesConsumed != json.Length)
        {
            throw Invalid("trailing data", (int)reader.BytesConsumed);
        }
    }

    private static FieldKind ClassifyEscaped(ReadOnlySpan<byte> quotedName)
    {
        var reader = new Utf8JsonReader(quotedName, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        return ClassifyEscaped(ref reader);
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

    private void ReadTimestamp(ReadOnlySpan<byte> value, bool escaped, ref ParsedRecord record)
    {
        long ms = 0;
        var parsed = value[0] switch
        {
            (byte)'"' when !escaped => TimestampParser.TryParseCached(value[1..^1], ref _minuteCache, out ms),
            (byte)'"' => TryParseEscapedTimestamp(value, out ms),
            (byte)'-' or (>= (byte)'0' and <= (byte)'9') => TimestampParser.TryParse(value, out ms),
            _ => false,
        };
        record.HasTimestamp = parsed;
        record.TimestampMs = parsed ? ms : 0;
    }

    private static bool TryParseEscapedTimestamp(ReadOnlySpan<byte> quoted, out long ms)
    {
        ms = 0;
        const int MaxLength = 256;
        if (quoted.Length > MaxLength)
        {
            return false;
        }

        var reader = new Utf8JsonReader(quoted, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        Span<byte> text = stackalloc byte[MaxLength];
        var length = reader.CopyString(text);
        return TimestampParser.TryParse(text[..length], out ms);
    }

    // Reads a string message whose opening quote is at data[quote] in one pass: finds its end and, when it holds
    // escapes, unescapes it into the scratch buffer. Returns the index just after the closing quote, or -1 when the
    // data ends first.
    private int ReadMessageString(ReadOnlySpan<byte> data, int quote, ref ParsedRecord record)
    {
        var text = data[(quote + 1)..];
        var first = FirstSpecial(text);
        if (first < 0)
        {
            return -1;
        }

        switch (text[first])
        {
            case (byte)'"':
                record.MessageKind = MessageKind.Inline;
                record.MessageStart = quote + 1;
                record.MessageLength = first;
                return quote + first + 2;
            case (byte)'\\':
                // Checked and measured only: the planner copies it into the request body as it is (see Emit).
                var end = JsonUnescaper.MeasureString(text, first, out var unescapedLength, out var ascii);
                if (end == JsonUnescaper.LoneSurrogate)
                {
                    return ReadMessageWithLoneSurrogate(data, quote, ref record);
                }

                record.MessageKind = MessageKind.Escaped;
                record.MessageStart = quote + 1;
                record.MessageLength = end;
                record.UnescapedLength = unescapedLength;
                record.Ascii = ascii;
                return end < 0 ? -1 : quote + end + 2;
            default:
                throw Invalid("control character inside the message string", quote);
        }
    }

    // The index of the first quote, backslash or control character: a message's first escape is usually within its first
    // 32 bytes, found with one vector compare instead of a library call per record.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstSpecial(ReadOnlySpan<byte> text)
    {
        if (Vector256.IsHardwareAccelerated && text.Length >= Vector256<byte>.Count)
        {
            var v = Vector256.Create(text[..Vector256<byte>.Count]);
            var mask = (Vector256.Equals(v, Vector256.Create((byte)'"'))
                | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                | Vector256.LessThan(v, Vector256.Create((byte)0x20))).ExtractMostSignificantBits();
            if (mask != 0)
            {
                return BitOperations.TrailingZeroCount(mask);
            }
        }

        return text.IndexOfAny(JsonUnescaper.StringSpecials);
    }

    // A \u escape of half a surrogate pair: System.Text.Json decides what it means.
    private int ReadMessageWithLoneSurrogate(ReadOnlySpan<byte> data, int quote, ref ParsedRecord record)
    {
        var end = ScanString(data, quote, out _);
        if (end < 0)
        {
            return -1;
        }

        var value = data[quote..(end + 1)];
        EnsureScratch(value.Length);
        var reader = new Utf8JsonReader(value, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        reader.Read();
        record.MessageKind = MessageKind.Scratch;
        record.MessageLength = reader.CopyString(_scratch);
        return end + 1;
    }

    // A message that is not a string.
    private static void ReadMessage(ReadOnlySpan<byte> value, int valueStart, ref ParsedRecord record)
    {
        if (value[0] == (byte)'n')
        {
            record.MessageKind = MessageKind.Null;
            return;
        }

        // Raw JSON is delivered as is, so it is checked strictly.
        ValidateStrictly(value);
        record.MessageKind = MessageKind.Inline;
        record.MessageStart = valueStart;
        record.MessageLength = value.Length;
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
