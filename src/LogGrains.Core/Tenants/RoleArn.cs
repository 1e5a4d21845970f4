using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>
/// The shape of an IAM role ARN: <c>arn:aws[a-z-]*:iam::</c> twelve digits <c>:role/</c> an optional path
/// and a role name of 1-64 characters of <c>[A-Za-z0-9_+=,.@-]</c>.
/// </summary>
public static class RoleArn
{
    /// <summary>The longest ARN STS accepts as a role ARN.</summary>
    public const int MaxLength = 2048;

    /// <summary>The account of a role ARN (<c>arn:aws:iam::ACCOUNT:role/…</c>); empty when the ARN has no account field.</summary>
    /// <param name="arn">The role ARN.</param>
    /// <returns>The twelve-digit account id, or an empty string.</returns>
    public static string AccountOf(string arn) => arn?.Split(':') is { Length: >= 6 } parts ? parts[4] : string.Empty;

    /// <summary>Checks a role ARN's shape.</summary>
    /// <param name="arn">The candidate ARN.</param>
    /// <param name="reason">Why it is not valid.</param>
    /// <returns><see langword="true"/> when the ARN has the shape of an IAM role ARN.</returns>
    public static bool IsValid(string? arn, [NotNullWhen(false)] out string? reason)
    {
        reason = $"'{arn}' is not an IAM role ARN (arn:aws:iam::123456789012:role/name)";
        if (string.IsNullOrEmpty(arn) || arn.Length > MaxLength)
        {
            return false;
        }

        var fields = arn.Split(':', 6);
        if (fields.Length != 6 || fields[0] != "arn" || !fields[1].StartsWith("aws", StringComparison.Ordinal) ||
            !fields[1][3..].All(c => char.IsAsciiLetterLower(c) || c == '-') ||
            fields[2] != "iam" || fields[3].Length != 0 ||
            fields[4].Length != 12 || !fields[4].All(char.IsAsciiDigit) ||
            !fields[5].StartsWith("role/", StringComparison.Ordinal))
        {
            return false;
        }

        var resource = fields[5]["role/".Length..];
        var slash = resource.LastIndexOf('/');
        var path = resource[..(slash + 1)];
        var name = resource[(slash + 1)..];
        if (name.Length is < 1 or > 64 || !name.All(ExternalId.IsStsChar))
        {
            reason = $"'{arn}' has an invalid role name '{name}' (1-64 characters of [A-Za-z0-9_+=,.@-])";
            return false;
        }

        if (path.Contains("//", StringComparison.Ordinal) || path.Any(c => c is < '!' or > '~'))
        {
            reason = $"'{arn}' has an invalid role path '/{path}'";
            return false;
        }

        reason = null;
        return true;
    }
}
