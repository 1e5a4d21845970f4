using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace LogGrains.Testing.Vector;

/// <summary>Generated Vector files as Vector's S3 sink writes them: one JSON record per line, gzip-compressed.</summary>
public static class VectorNdjson
{
    /// <summary>
    /// Vector's <c>timestamp</c> for a Unix millisecond time: ISO 8601 in UTC with milliseconds, then
    /// <paramref name="subMillisecondDigits"/> (Vector writes microseconds and nanoseconds too), then <c>Z</c>.
    /// </summary>
    public static string Timestamp(long unixMs, string subMillisecondDigits = "") =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)
        + subMillisecondDigits + "Z";

    /// <summary>The records serialized one per line and gzip-compressed.</summary>
    public static byte[] Gzip(IEnumerable<Dictionary<string, object>> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder();
        foreach (var record in records)
        {
            text.Append(JsonSerializer.Serialize(record)).Append('\n');
        }

        return Gzip(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Gzip of <paramref name="bytes"/>, for files whose content a test writes itself.</summary>
    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
