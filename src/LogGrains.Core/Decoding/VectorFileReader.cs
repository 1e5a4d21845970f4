using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using LogGrains.Core.Events;

namespace LogGrains.Core.Decoding;

/// <summary>
/// Decodes one staged Vector file as a stream and pushes its events, in file order, into an <see cref="ILogEventSink"/>,
/// one bounded chunk per <see cref="ReadAsync"/> call so that the caller can send batches between chunks.
/// </summary>
/// <remarks>
/// <para><b>Compression.</b> The input is gzip when it starts with the magic bytes <c>1f 8b</c> (never judged by name);
/// every member of a multi-member gzip is read. Anything else is read as is. .NET's <see cref="GZipStream"/> does not
/// report a gzip stream that simply stops early, so at the end the last 8 compressed bytes must be the trailer of the last
/// member, with the right size field (see <see cref="GzipTrailerCheck"/>); otherwise the file fails with
/// <see cref="DecodeFailure.CorruptCompression"/> ("truncated gzip"), before the events of the last chunk are pushed.</para>
/// <para><b>Framing</b>, chosen by the first byte that is not whitespace, after an optional UTF-8 byte order mark:</para>
/// <list type="bullet">
/// <item><c>[</c> → <see cref="ContentFormat.JsonArray"/>: the content is a whitespace-separated sequence of JSON values,
/// each an array of record objects or a record object (Vector's single-line array, a pretty-printed array, or NDJSON
/// whose lines are arrays). Any syntax error, any array element that is not an object, and any value cut short by the
/// end of the data fail the file with <see cref="DecodeFailure.MalformedJson"/>.</item>
/// <item><c>{</c> → <see cref="ContentFormat.Ndjson"/>: every line (split at <c>\n</c>, a trailing <c>\r</c> removed)
/// that is one JSON record object, or one array of record objects, yields those records. Blank lines are ignored. Any
/// other line is delivered verbatim as a text message at the fallback time and counted in
/// <see cref="DecodeStats.NonJsonLines"/>: nothing is lost. The one exception is a last line without a line terminator
/// that starts like JSON (<c>{</c> or <c>[</c>) but is not valid: that is the mark of a truncated file and fails it with
/// <see cref="DecodeFailure.MalformedJson"/>.</item>
/// <item>anything else → <see cref="ContentFormat.PlainText"/>: every non-empty line (trailing <c>\r</c> removed) is
/// one message at the fallback time, verbatim; empty lines are ignored.</item>
/// </list>
/// <para><b>Records.</b> <c>message</c> as a string → its unescaped text; as an object or array → its raw JSON text
/// exactly as in the file; as a number or boolean → its raw text; <c>null</c> or <c>""</c> → empty. No
/// <c>message</c> property → the record without the Vector metadata fields (<c>customer_id</c>, <c>cluster_id</c>,
/// <c>namespace</c>, <c>application</c>, <c>pod_name</c>, <c>kubernetes</c>, <c>timestamp</c>,
/// <c>ingest_timestamp</c>, <c>source_type</c>, <c>file</c>, <c>stream</c>) as a JSON object without whitespace
/// between its members, each name and value copied byte for byte from the file in the original order; if nothing is
/// left it is empty. An empty message is not emitted and is counted in <see cref="DecodeStats.EmptySkipped"/>. When a
/// property repeats, the last one wins.</para>
/// <para><b>Timestamps.</b> <c>timestamp</c> is read with <see cref="TimestampParser.TryParse"/> (RFC 3339 with any
/// number of fractional digits, or epoch seconds/ms/µs/ns by magnitude, as a number or numeric string). When it is
/// missing or unparsable the event gets the fallback time (the S3 event time) and is counted in
/// <see cref="DecodeStats.TimestampFallbacks"/>.</para>
/// <para><b>No events.</b> When the whole input has been read and it yielded no event and no empty-skipped record
/// (an empty file, only whitespace, or only empty JSON arrays), the final <see cref="ReadAsync"/> call throws
/// <see cref="DecodeFailure.NoEvents"/> instead of returning false. A file whose records all had empty messages is
/// not poison: it returns false normally, with every record counted as empty.</para>
/// <para><b>Memory.</b> The working buffer holds one chunk plus at most one incomplete record; a record or line larger
/// than <see cref="DecodeOptions.MaxRecordSize"/> fails the file with <see cref="DecodeFailure.RecordTooLarge"/>, so the
/// buffer never exceeds about <c>max(ChunkSize, MaxRecordSize + 1)</c> rounded up to a power of two.</para>
/// <para>The reader does not dispose <c>source</c>. It is not thread-safe, and after it throws it must only be disposed.</para>
/// </remarks>
public sealed class VectorFileReader : IAsyncDisposable
{
    private static readonly byte[] JsonWhitespace = " \t\r\n"u8.ToArray();

    private readonly Stream _source;
    private readonly DecodeOptions _options;
    private readonly RecordExtractor _extractor;
    private readonly DecodeStats _stats = new();

    private Stream? _input;
    private PrefixedReadStream? _compressed;
    private GzipTrailerCheck? _trailerCheck;
    private byte[] _buffer = [];
    private int _start;
    private int _end;
    private long _bufferOffset;
    private int _needed = 1;
    private long _lineNumber = 1;
    private bool _started;
    private bool _contentDetected;
    private bool _eof;
    private bool _completed;
    private bool _disposed;
    private ArrayPosition _arrayPosition;
    private long _arrayStartOffset;

    /// <summary>Creates a reader over one file's bytes.</summary>
    /// <param name="source">The object's bytes (gzip or plain); read forward only, never disposed by the reader.</param>
    /// <param name="fallbackTime">The S3 event time: the time of events without a usable timestamp.</param>
    /// <param name="options">Limits; null for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is below 1.</exception>
    public VectorFileReader(Stream source, DateTimeOffset fallbackTime, DecodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _options = options ?? new DecodeOptions();
        if (_options.ChunkSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.ChunkSize, "DecodeOptions.ChunkSize must be at least 1.");
        }

        if (_options.MaxRecordSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxRecordSize, "DecodeOptions.MaxRecordSize must be at least 1.");
        }

        _source = source;
        _extractor = new RecordExtractor(_stats, fallbackTime.ToUnixTimeMilliseconds());
    }

    private enum ArrayPosition
    {
        TopLevel,
        FirstElementOrEnd,
        Element,
        CommaOrEnd,
    }

    /// <summary>What has been decoded so far (live).</summary>
    public DecodeStats Stats => _stats;

    /// <summary>The largest working buffer held so far, in bytes (for memory-bound tests).</summary>
    internal int BufferHighWaterMark { get; private set; }

    /// <summary>The scratch buffer's current size, in bytes (for memory-bound tests).</summary>
    internal int ScratchCapacity => _extractor.ScratchCapacity;

    /// <summary>
    /// Reads about one chunk (<see cref="DecodeOptions.ChunkSize"/>, more only when one record needs it) and pushes every
    /// event completed so far into <paramref name="sink"/>, in file order.
    /// </summary>
    /// <param name="sink">Receives the events.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>True while there may be more to read; false once the file is exhausted and every event was pushed.</returns>
    /// <exception cref="VectorDecodeException">The file is poison; <see cref="VectorDecodeException.Reason"/> says why.</exception>
    public async ValueTask<bool> ReadAsync(ILogEventSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            ThrowIfNoEvents();
            return false;
        }

        if (!_started)
        {
            await StartAsync(cancellationToken).ConfigureAwait(false);
        }

        await FillAsync(cancellationToken).ConfigureAwait(false);
        Process(sink);
        if (_eof && _start == _end)
        {
            _completed = true;
            ThrowIfNoEvents();
            return false;
        }

        return true;
    }

    /// <summary>Returns the pooled buffers and disposes the decompressor (not the source).</summary>
    /// <returns>A task that completes when disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_compressed is not null && _input is not null)
        {
            await _input.DisposeAsync().ConfigureAwait(false);
        }

        _extractor.Dispose();
        _trailerCheck?.Dispose();
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_options.ChunkSize, 2));
        BufferHighWaterMark = _buffer.Length;
        var sniffed = 0;
        while (sniffed < 2)
        {
            var read = await _source.ReadAsync(_buffer.AsMemory(sniffed, 2 - sniffed), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            sniffed += read;
        }

        if (sniffed == 2 && _buffer[0] == 0x1f && _buffer[1] == 0x8b)
        {
            _stats.IsGzip = true;
            _compressed = new PrefixedReadStream(new byte[] { 0x1f, 0x8b }, _source);
            _input = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
            _trailerCheck = new GzipTrailerCheck();
            return;
        }

        _input = _source;
        _end = sniffed;
        _stats.DecompressedBytes = sniffed;
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_eof)
        {
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        if (_needed > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_needed);
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            BufferHighWaterMark = Math.Max(BufferHighWaterMark, larger.Length);
        }

        var target = Math.Max(_needed, (int)Math.Min((long)_end + _options.ChunkSize, _buffer.Length));
        while (_end < target)
        {
            int read;
            try
            {
                read = await _input!.ReadAsync(_buffer.AsMemory(_end, target - _end), cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e) when (_compressed is not null)
            {
                throw new VectorDecodeException(
                    DecodeFailure.CorruptCompression,
                    $"Corrupt gzip data near compressed byte offset {_compressed.BytesRead} (after {_stats.DecompressedBytes} decompressed bytes): {e.Message}",
                    _stats.DecompressedBytes,
                    e);
            }

            if (read == 0)
            {
                _eof = true;
                if (_compressed is not null)
                {
                    await CheckGzipEndAsync(cancellationToken).ConfigureAwait(false);
                }

                break;
            }

            _end += read;
            _stats.DecompressedBytes += read;
            _trailerCheck?.ReadEnded(_stats.DecompressedBytes);
        }
    }

    // GZipStream ends quietly on a cut-short file and ignores data after the last member: read the compressed input to
    // its real end, then its last 8 bytes must be the last member's trailer.
    private async ValueTask CheckGzipEndAsync(CancellationToken cancellationToken)
    {
        var rest = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (await _compressed!.ReadAsync(rest, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }

        var problem = _trailerCheck!.Verify(_compressed.Tail, _compressed.BytesRead, _stats.DecompressedBytes);
        if (problem is not null)
        {
            throw new VectorDecodeException(
                DecodeFailure.CorruptCompression,
                $"Truncated gzip: {problem}; the file ends after {_compressed.BytesRead} compressed and {_stats.DecompressedBytes} decompressed bytes.",
                _stats.DecompressedBytes);
        }
    }

    private void Process(ILogEventSink sink)
    {
        _needed = 1;
        if (!_contentDetected && !DetectFormat())
        {
            return;
        }

        if (_stats.Format == ContentFormat.JsonArray)
        {
            ProcessJsonValues(sink);
        }
        else if (_stats.Format != ContentFormat.Unknown)
        {
            ProcessLines(sink);
        }
    }

    private bool DetectFormat()
    {
        var data = _buffer.AsSpan(_start, _end - _start);
        if (_bufferOffset == 0 && _start == 0)
        {
            var bom = "\uFEFF"u8;
            if (data.Length < bom.Length && !_eof && bom.StartsWith(data))
            {
                _needed = bom.Length;
                return false;
            }

            if (data.StartsWith(bom))
            {
                _start += bom.Length;
                data = data[bom.Length..];
            }
        }

        var first = data.IndexOfAnyExcept(JsonWhitespace);
        if (first < 0)
        {
            // Only whitespace so far: drop whole blank lines so the buffer stays bounded, keep the current line's indent.
            var lastNewline = data.LastIndexOf((byte)'\n');
            if (lastNewline >= 0)
            {
                _lineNumber += data[..(lastNewline + 1)].Count((byte)'\n');
                _start += lastNewline + 1;
            }

            if (_eof)
            {
                _start = _end;
                _contentDetected = true;
            }
            else
            {
                NeedMore(_end - _start, "leading whitespace");
            }

            return false;
        }

        _contentDetected = true;
        _stats.Format = data[first] switch
        {
            (byte)'[' => ContentFormat.JsonArray,
            (byte)'{' => ContentFormat.Ndjson,
            _ => ContentFormat.PlainText,
        };
        var skip = _stats.Format == ContentFormat.PlainText ? data[..first].LastIndexOf((byte)'\n') + 1 : first;
        _lineNumber += data[..skip].Count((byte)'\n');
        _start += skip;
        return true;
    }

    private void ProcessJsonValues(ILogEventSink sink)
    {
        while (true)
        {
            var data = _buffer.AsSpan(_start, _end - _start);
            var first = FirstNonWhitespace(data);
            if (first < 0)
            {
                _start = _end;
                if (_eof && _arrayPosition != ArrayPosition.TopLevel)
                {
                    throw new VectorDecodeException(
                        DecodeFailure.MalformedJson,
                        $"Malformed JSON: the array opened at decompressed byte offset {_arrayStartOffset} is not closed before the end of the data (truncated file?).",
                        _arrayStartOffset);
                }

                return;
            }

            _start += first;
            data = data[first..];
            var token = data[0];
            switch (_arrayPosition)
            {
                case ArrayPosition.TopLevel when token == (byte)'[':
                    _arrayPosition = ArrayPosition.FirstElementOrEnd;
                    _arrayStartOffset = _bufferOffset + _start;
                    _start++;
                    break;
                case ArrayPosition.TopLevel when token == (byte)'{':
                    if (!TryJsonRecord(data, sink))
                    {
                        return;
                    }

                    break;
                case ArrayPosition.TopLevel:
                    throw Unexpected(token, "'[' or '{' starting a top-level value");
                case ArrayPosition.FirstElementOrEnd when token == (byte)']':
                case ArrayPosition.CommaOrEnd when token == (byte)']':
                    _arrayPosition = ArrayPosition.TopLevel;
                    _start++;
                    break;
                case ArrayPosition.FirstElementOrEnd or ArrayPosition.Element when token == (byte)'{':
                    if (!TryJsonRecord(data, sink))
                    {
                        return;
                    }

                    _arrayPosition = ArrayPosition.CommaOrEnd;
                    break;
                case ArrayPosition.FirstElementOrEnd or ArrayPosition.Element:
                    throw Unexpected(token, "a record object ('{') as array element");
                case ArrayPosition.CommaOrEnd when token == (byte)',':
                    _arrayPosition = ArrayPosition.Element;
                    _start++;
                    break;
                default:
                    throw Unexpected(token, "',' or ']' after an array element");
            }
        }
    }

    private bool TryJsonRecord(ReadOnlySpan<byte> data, ILogEventSink sink)
    {
        ParsedRecord record;
        try
        {
            if (!_extractor.TryParse(data, _eof, out record))
            {
                NeedMore(data.Length, "record");
                return false;
            }
        }
        catch (JsonException e)
        {
            throw new VectorDecodeException(
                DecodeFailure.MalformedJson,
                $"Malformed JSON in the record starting at decompressed byte offset {_bufferOffset + _start}: {e.Message}",
                _bufferOffset + _start,
                e);
        }

        ThrowIfTooLarge(record.Length, "record");
        _extractor.Emit(data[..record.Length], record, sink);
        _start += record.Length;
        return true;
    }

    private void ProcessLines(ILogEventSink sink)
    {
        while (_start < _end)
        {
            var data = _buffer.AsSpan(_start, _end - _start);
            var newline = data.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line;
            int advance;
            if (newline >= 0)
            {
                line = data[..newline];
                advance = newline + 1;
            }
            else if (_eof)
            {
                line = data;
                advance = data.Length;
            }
            else
            {
                NeedMore(data.Length, "line");
                return;
            }

            ThrowIfTooLarge(line.Length, "line");
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            if (_stats.Format == ContentFormat.PlainText)
            {
                _extractor.EmitText(line, sink);
            }
            else
            {
                ProcessNdjsonLine(line, terminated: newline >= 0, sink);
            }

            _start += advance;
            _lineNumber++;
        }
    }

    private void ProcessNdjsonLine(ReadOnlySpan<byte> line, bool terminated, ILogEventSink sink)
    {
        var first = FirstNonWhitespace(line);
        if (first < 0)
        {
            return;
        }

        var json = line[first..];
        var token = json[0];
        if (token == (byte)'{' && TryParseLineRecord(json, out var record))
        {
            _extractor.Emit(json[..record.Length], record, sink);
            return;
        }

        if (token == (byte)'[' && IsArrayOfRecords(json))
        {
            EmitArrayOfRecords(json, sink);
            return;
        }

        if (!terminated && token is (byte)'{' or (byte)'[')
        {
            throw new VectorDecodeException(
                DecodeFailure.MalformedJson,
                $"Malformed JSON: the last line ({_lineNumber}, at decompressed byte offset {_bufferOffset + _start}) is incomplete JSON without a line end (truncated file?).",
                _bufferOffset + _start);
        }

        _stats.NonJsonLines++;
        _extractor.EmitText(line, sink);
    }

    private bool TryParseLineRecord(ReadOnlySpan<byte> json, out ParsedRecord record)
    {
        try
        {
            return _extractor.TryParse(json, isFinalBlock: true, out record)
                && FirstNonWhitespace(json[record.Length..]) < 0;
        }
        catch (JsonException)
        {
            record = default;
            return false;
        }
    }

    private static bool IsArrayOfRecords(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(RecordExtractor.ReaderOptions));
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                reader.Skip();
            }

            // Throws on anything but whitespace after the array.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private void EmitArrayOfRecords(ReadOnlySpan<byte> json, ILogEventSink sink)
    {
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(RecordExtractor.ReaderOptions));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var recordBytes = json[start..(int)reader.BytesConsumed];
            _extractor.TryParse(recordBytes, isFinalBlock: true, out var record);
            _extractor.Emit(recordBytes, record, sink);
        }
    }

    // The index of the first byte that is not JSON whitespace, or -1. Between Vector's records there is none, so the first
    // byte nearly always decides without the library call.
    private static int FirstNonWhitespace(ReadOnlySpan<byte> data) =>
        !data.IsEmpty && data[0] > (byte)' ' ? 0 : data.IndexOfAnyExcept(JsonWhitespace);

    private void NeedMore(int pending, string what)
    {
        ThrowIfTooLarge(pending, what);
        _needed = Math.Min(Math.Max(pending * 2, pending + 1), _options.MaxRecordSize + 1);
    }

    private void ThrowIfTooLarge(int length, string what)
    {
        if (length <= _options.MaxRecordSize)
        {
            return;
        }

        var where = _stats.Format == ContentFormat.JsonArray
            ? $"starting at decompressed byte offset {_bufferOffset + _start}"
            : $"{_lineNumber} starting at decompressed byte offset {_bufferOffset + _start}";
        throw new VectorDecodeException(
            DecodeFailure.RecordTooLarge,
            $"The {what} {where} is larger than DecodeOptions.MaxRecordSize ({_options.MaxRecordSize} bytes).",
            _bufferOffset + _start);
    }

    private VectorDecodeException Unexpected(byte token, string expected) => new(
        DecodeFailure.MalformedJson,
        $"Malformed JSON at decompressed byte offset {_bufferOffset + _start}: expected {expected}, found '{(char)token}' (0x{token:x2}).",
        _bufferOffset + _start);

    private void ThrowIfNoEvents()
    {
        if (_stats.Events == 0 && _stats.EmptySkipped == 0)
        {
            throw new VectorDecodeException(
                DecodeFailure.NoEvents,
                $"The file holds no log event: {_stats.DecompressedBytes} decompressed bytes, format {_stats.Format}.",
                -1);
        }
    }
}
