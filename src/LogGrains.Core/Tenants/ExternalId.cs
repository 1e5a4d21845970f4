using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>The STS rule for an AssumeRole external id: 2-1224 characters of <c>[A-Za-z0-9_+=,.@:/-]</c>.</summary>
public static class ExternalId
{
    /// <summary>The shortest allowed external id.</summary>
    public const int MinLength = 2;

    /// <summary>The longest allowed external id.</summary>
    public const int MaxLength = 1224;

    /// <summary>Checks an external id.</summary>
    /// <param name="externalId">The candidate external id.</param>
    /// <param name="reason">Why it is not valid (the value itself is not repeated: it is a shared secret of sorts).</param>
    /// <returns><see langword="true"/> when STS accepts it.</returns>
    public static bool IsValid(string? externalId, [NotNullWhen(false)] out string? reason)
    {
        if (externalId is null || externalId.Length is < MinLength or > MaxLength)
        {
            reason = $"the external id is {externalId?.Length ?? 0} characters long (must be {MinLength}-{MaxLength})";
            return false;
        }

        for (var i = 0; i < externalId.Length; i++)
        {
            if (!IsStsChar(externalId[i]) && externalId[i] is not (':' or '/'))
            {
                reason = $"the external id has a character outside [A-Za-z0-9_+=,.@:/-] at offset {i}";
                return false;
            }
        }

        reason = null;
        return true;
    }

    /// <summary>Whether <paramref name="c"/> is in STS's <c>[\w+=,.@-]</c> set, where <c>\w</c> means ASCII <c>[A-Za-z0-9_]</c>.</summary>
    internal static bool IsStsChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-';
}
