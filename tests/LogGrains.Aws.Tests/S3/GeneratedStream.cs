namespace LogGrains.Aws.Tests.S3;

/// <summary>
/// A seekable stream of <see cref="Length"/> deterministic pseudo-random bytes computed from the position, so a
/// large object can be uploaded (and its hash computed) without ever holding it in memory.
/// </summary>
internal sealed class GeneratedStream(long length, ulong seed = 0x9E3779B97F4A7C15) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public static byte ByteAt(long position, ulong seed)
    {
        var x = ((ulong)(position >> 3) * 0xBF58476D1CE4E5B9) ^ seed;
        x ^= x >> 31;
        x *= 0x94D049BB133111EB;
        x ^= x >> 29;
        return (byte)(x >> (int)((position & 7) * 8));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            buffer[i] = ByteAt(_position + i, seed);
        }

        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
