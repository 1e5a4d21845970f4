using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace LogGrains.Core.Tenants;

/// <summary>
/// The S3 rules for general purpose bucket names: 3-63 characters of lowercase letters, digits, <c>.</c>
/// and <c>-</c>; starting and ending with a letter or digit; no <c>..</c>; not an IP address; none of the
/// reserved prefixes (<c>xn--</c>, <c>sthree-</c>, <c>amzn-s3-demo-</c>) or suffixes (<c>-s3alias</c>,
/// <c>--ol-s3</c>, <c>.mrap</c>, <c>--x-s3</c>, <c>--table-s3</c>).
/// </summary>
public static class S3BucketName
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    /// <summary>Checks a bucket name.</summary>
    /// <param name="bucket">The candidate name.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns><see langword="true"/> when S3 accepts the name for a general purpose bucket.</returns>
    public static bool IsValid(string? bucket, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(bucket) || bucket.Length is < 3 or > 63)
        {
            reason = $"the bucket name '{bucket}' is {bucket?.Length ?? 0} characters long (must be 3-63)";
        }
        else if (bucket.Any(c => !char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not ('.' or '-')))
        {
            reason = $"the bucket name '{bucket}' has characters other than a-z 0-9 . -";
        }
        else if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            reason = $"the bucket name '{bucket}' must start and end with a letter or digit";
        }
        else if (bucket.Contains("..", StringComparison.Ordinal))
        {
            reason = $"the bucket name '{bucket}' has two adjacent periods";
        }
        else if (bucket.Count(c => c == '.') == 3 && IPAddress.TryParse(bucket, out _))
        {
            reason = $"the bucket name '{bucket}' is formatted as an IP address";
        }
        else if (ReservedPrefixes.FirstOrDefault(p => bucket.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            reason = $"the bucket name '{bucket}' starts with the reserved prefix '{prefix}'";
        }
        else if (ReservedSuffixes.FirstOrDefault(s => bucket.EndsWith(s, StringComparison.Ordinal)) is { } suffix)
        {
            reason = $"the bucket name '{bucket}' ends with the reserved suffix '{suffix}'";
        }

        return reason is null;
    }
}
