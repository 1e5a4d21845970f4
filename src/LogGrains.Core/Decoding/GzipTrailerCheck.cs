using System.Buffers;
using System.Buffers.Binary;

namespace LogGrains.Core.Decoding;

/// <summary>
/// Detects a gzip file that was cut short, which .NET's <see cref="System.IO.Compression.GZipStream"/> reports as a clean
/// end of data, by checking the size field (ISIZE) of the trailer that the compressed input must end with.
/// </summary>
/// <remarks>
/// <para>Every gzip member ends with an 8-byte trailer: CRC-32, then ISIZE, the member's uncompressed length mod 2^32
/// (little-endian). <c>GZipStream</c> reads concatenated members back to back and never returns bytes of two members
/// from one read (zlib stops each inflate call at a member's end), so the last member started at decompressed offset 0
/// or where one of the reads ended. The rule: the last 8 compressed bytes must be a trailer whose ISIZE equals
/// (total − start) mod 2^32 for one of those offsets; for a single-member file that is simply total mod 2^32. A last
/// member that starts where the data ends is empty: its trailer must be all zeros (the CRC-32 of nothing is 0), because
/// a cut inside the next member's header (<c>1f 8b 08 00</c> and a zero MTIME) would otherwise read as an empty member.
/// zlib itself verifies the CRC-32 and ISIZE of every member it completes; this check is about the last member having
/// been completed at all.</para>
/// <para>A file cut inside a member ends with deflate bytes, or part of a trailer, where the trailer should be; it
/// passes only by a 32-bit coincidence (about one in 2^32 per read of the file). A file cut exactly between two members
/// is itself a valid gzip file and cannot be told apart. Data after the last member (which <c>GZipStream</c> ignores)
/// fails the check too: the caller hands in the real last 8 bytes of the input.</para>
/// <para>Memory: one 4-byte offset per decompressor read (a read returns up to one decoder chunk, 64 KiB by default),
/// pooled.</para>
/// </remarks>
internal sealed class GzipTrailerCheck : IDisposable
{
    /// <summary>The length of a gzip member trailer: CRC-32 and ISIZE.</summary>
    public const int TrailerLength = 8;

    // The smallest possible member: 10-byte header, an empty final stored or fixed block (2 bytes), trailer.
    private const int MinMemberLength = 10 + 2 + TrailerLength;

    private uint[] _readEnds = [];
    private int _count;

    /// <summary>Notes that a read of the decompressor ended at <paramref name="decompressedOffset"/> (a possible member start).</summary>
    public void ReadEnded(long decompressedOffset)
    {
        if (_count == _readEnds.Length)
        {
            var larger = ArrayPool<uint>.Shared.Rent(Math.Max(64, _count * 2));
            _readEnds.AsSpan(0, _count).CopyTo(larger);
            Return();
            _readEnds = larger;
        }

        _readEnds[_count++] = (uint)decompressedOffset;
    }

    /// <summary>Whether a member that starts at <paramref name="memberStart"/> and runs to <paramref name="total"/> has size field <paramref name="isize"/>.</summary>
    public static bool SizeMatches(uint isize, long memberStart, long total) => (uint)(total - memberStart) == isize;

    /// <summary>Checks the end of the compressed input against the decompressed length.</summary>
    /// <param name="tail">The last bytes of the compressed input (up to <see cref="TrailerLength"/>).</param>
    /// <param name="compressedLength">The whole compressed input's length.</param>
    /// <param name="total">Bytes the decompressor produced.</param>
    /// <returns>Null when the input ends with a matching trailer; otherwise what is wrong, for the error message.</returns>
    public string? Verify(ReadOnlySpan<byte> tail, long compressedLength, long total)
    {
        if (compressedLength < MinMemberLength || tail.Length < TrailerLength)
        {
            return $"the compressed input is {compressedLength} bytes, shorter than the smallest gzip member ({MinMemberLength} bytes)";
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(tail[^8..]);
        var isize = BinaryPrimitives.ReadUInt32LittleEndian(tail[^4..]);
        if ((crc == 0 && isize == 0) || SizeMatches(isize, 0, total))
        {
            return null;
        }

        foreach (var start in _readEnds.AsSpan(0, _count))
        {
            // Offsets are kept mod 2^32, like ISIZE itself. A start at the very end would be an empty member, handled above
            // (below 4 GiB an offset equal to the total mod 2^32 is the end itself).
            if (SizeMatches(isize, start, (uint)total) && (start != (uint)total || total >= 1L << 32))
            {
                return null;
            }
        }

        return $"the last 8 compressed bytes are not the trailer of the last member: its size field says {isize} bytes (mod 2^32), " +
            $"but no member can have that size in the {total} bytes decompressed (cut short, or data after the last member)";
    }

    public void Dispose()
    {
        Return();
        _readEnds = [];
        _count = 0;
    }

    private void Return()
    {
        if (_readEnds.Length > 0)
        {
            ArrayPool<uint>.Shared.Return(_readEnds);
        }
    }
}
