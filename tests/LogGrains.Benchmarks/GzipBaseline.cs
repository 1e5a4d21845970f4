using System.IO.Compression;

namespace LogGrains.Benchmarks;

/// <summary>The baseline every speed ratio is measured against: bare <see cref="GZipStream"/> decompression of a file.</summary>
public static class GzipBaseline
{
    /// <summary>Decompresses <paramref name="gzip"/> into <paramref name="sink"/>, chunk after chunk; returns the bytes read.</summary>
    public static long Decompress(byte[] gzip, byte[] sink)
    {
        using var input = new GZipStream(new MemoryStream(gzip, writable: false), CompressionMode.Decompress);
        long total = 0;
        int read;
        while ((read = input.Read(sink)) > 0)
        {
            total += read;
        }

        return total;
    }
}
