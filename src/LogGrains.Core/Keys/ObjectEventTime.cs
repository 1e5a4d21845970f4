namespace LogGrains.Core.Keys;

/// <summary>
/// The one rule for a staged object's event time (the time of its events without a usable timestamp, and the date of
/// the <c>{date}</c> in its stream name), shared by the notification path and <c>loggrains replay</c> so that both
/// put an object into the same stream.
/// </summary>
/// <remarks>
/// <para>
/// The collector names each object <c>{ts}-{uuid}.json.gz</c>, <c>{ts}</c> being Unix seconds when the collector
/// built it (Vector's <c>filename_time_format</c> default, <c>%s</c>). That time is in the key, so every path that has
/// the key computes the same instant, whatever S3 says: a notification's <c>eventTime</c> is when S3 finished the
/// PUT, an object's <c>LastModified</c> is when the upload started, and the two differ by the upload's duration,
/// enough to straddle midnight UTC.
/// </para>
/// <para>
/// A file name that does not start with 1 to 11 ASCII digits and a <c>-</c>, or whose seconds fall before
/// 2000-01-01, has no key time; the S3 time the caller has is used instead (the notification's <c>eventTime</c>, or
/// the listing's <c>LastModified</c>), and only then can the two paths disagree.
/// </para>
/// </remarks>
public static class ObjectEventTime
{
    private const int MaxDigits = 11;

    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The object's event time: its key's time when the file name has one, otherwise <paramref name="s3Time"/>.</summary>
    /// <param name="key">The parsed key.</param>
    /// <param name="s3Time">The time S3 gave for the object (notification <c>eventTime</c> or listing <c>LastModified</c>).</param>
    /// <returns>The event time, in UTC.</returns>
    public static DateTimeOffset Of(ObjectKey key, DateTimeOffset s3Time)
    {
        ArgumentNullException.ThrowIfNull(key);
        return TryFromFileName(key.FileName, out var keyTime) ? keyTime : s3Time.ToUniversalTime();
    }

    /// <summary>Reads the collector's <c>{ts}</c> (Unix seconds before the first <c>-</c>) from a file name.</summary>
    /// <param name="fileName">The key's file name, e.g. <c>1764158400-5b1c.json.gz</c>.</param>
    /// <param name="time">The time, in UTC, when the file name has one.</param>
    /// <returns><see langword="true"/> when the file name starts with a usable Unix-seconds time.</returns>
    public static bool TryFromFileName(string? fileName, out DateTimeOffset time)
    {
        time = default;
        if (fileName is null)
        {
            return false;
        }

        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash is < 1 or > MaxDigits)
        {
            return false;
        }

        long seconds = 0;
        for (var i = 0; i < dash; i++)
        {
            var c = fileName[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            seconds = (seconds * 10) + (c - '0');
        }

        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var at = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (at < Earliest)
        {
            return false;
        }

        time = at;
        return true;
    }
}
