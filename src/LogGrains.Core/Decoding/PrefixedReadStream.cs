namespace LogGrains.Core.Decoding;

/// <summary>
/// A read-only stream that first replays bytes already taken from the source (the sniffed magic bytes), then reads the
/// source, counting the bytes it hands out so that errors can say where in the compressed input they happened, and
/// keeping the last <see cref="GzipTrailerCheck.TrailerLength"/> of them for the gzip trailer check.
/// </summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream source) : Stream
{
    private readonly byte[] _tail = new byte[GzipTrailerCheck.TrailerLength];
    private ReadOnlyMemory<byte> _prefix = prefix;

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The last bytes handed out (up to <see cref="GzipTrailerCheck.TrailerLength"/>, fewer only when fewer were read).</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan((int)Math.Max(0, _tail.Length - BytesRead));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (TakePrefix(buffer, out var taken))
        {
            return taken;
        }

        var read = source.Read(buffer);
        Handed(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (TakePrefix(buffer.Span, out var taken))
        {
            return taken;
        }

        var read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Handed(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private bool TakePrefix(Span<byte> buffer, out int taken)
    {
        taken = 0;
        if (_prefix.IsEmpty || buffer.IsEmpty)
        {
            return false;
        }

        taken = Math.Min(buffer.Length, _prefix.Length);
        _prefix.Span[..taken].CopyTo(buffer);
        _prefix = _prefix[taken..];
        Handed(buffer[..taken]);
        return true;
    }

    // Counts the bytes and keeps the last TrailerLength of everything handed out so far in _tail.
    private void Handed(ReadOnlySpan<byte> bytes)
    {
        BytesRead += bytes.Length;
        if (bytes.Length >= _tail.Length)
        {
            bytes[^_tail.Length..].CopyTo(_tail);
            return;
        }

        _tail.AsSpan(bytes.Length).CopyTo(_tail);
        bytes.CopyTo(_tail.AsSpan(_tail.Length - bytes.Length));
    }
}
