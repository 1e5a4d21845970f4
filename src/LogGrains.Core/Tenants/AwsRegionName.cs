using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>
/// The shape of an AWS region name: two lowercase letters, one or more lowercase words, a number
/// (<c>us-east-1</c>, <c>us-gov-west-1</c>, <c>ap-southeast-3</c>). Shape only: whether the region exists
/// and is enabled is for AWS to say.
/// </summary>
public static class AwsRegionName
{
    /// <summary>Checks a region name's shape.</summary>
    /// <param name="region">The candidate region.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns><see langword="true"/> when the name has the shape of a region.</returns>
    public static bool IsValid(string? region, [NotNullWhen(false)] out string? reason)
    {
        reason = null;
        if (string.IsNullOrEmpty(region))
        {
            reason = "the region is empty";
            return false;
        }

        var parts = region.Split('-');
        var ok = region.Length <= 32 && parts.Length >= 3 &&
            parts[0].Length == 2 && parts[0].All(char.IsAsciiLetterLower) &&
            parts[1..^1].All(p => p.Length > 0 && p.All(char.IsAsciiLetterLower)) &&
            parts[^1].Length is >= 1 and <= 2 && parts[^1].All(char.IsAsciiDigit);
        if (!ok)
        {
            reason = $"'{region}' is not an AWS region name (like us-east-1 or us-gov-west-1)";
        }

        return ok;
    }
}
