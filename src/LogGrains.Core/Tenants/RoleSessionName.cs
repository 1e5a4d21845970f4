using System.Security.Cryptography;
using System.Text;

namespace LogGrains.Core.Tenants;

/// <summary>
/// STS role session names for tenants: 2-64 characters of <c>[A-Za-z0-9_+=,.@-]</c>, deterministic,
/// and distinct for distinct tenant ids.
/// </summary>
/// <remarks>
/// A tenant id of at most <see cref="MaxVerbatimIdLength"/> characters of <c>[A-Za-z0-9._-]</c> gives
/// <c>loggrains-{id}</c>. Any other id gives <c>loggrains-{sanitized, truncated id}@{16 hex of SHA-256(id)}</c>.
/// Verbatim names never contain <c>@</c> and hashed names always do, so the two forms cannot collide;
/// hashed names collide only if 64 bits of SHA-256 do. The readable part makes CloudTrail entries
/// easy to attribute.
/// </remarks>
public static class RoleSessionName
{
    /// <summary>The prefix of every session name.</summary>
    public const string Prefix = "loggrains-";

    /// <summary>The longest session name STS accepts.</summary>
    public const int MaxLength = 64;

    /// <summary>The longest tenant id used verbatim.</summary>
    public const int MaxVerbatimIdLength = MaxLength - 10;

    private const int HashHexLength = 16;

    /// <summary>The session name for a tenant.</summary>
    /// <param name="tenantId">The tenant id.</param>
    /// <returns>A valid STS role session name.</returns>
    /// <exception cref="ArgumentException">The tenant id is empty.</exception>
    public static string For(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var verbatim = tenantId.Length <= MaxVerbatimIdLength && tenantId.All(IsVerbatimChar);
        if (verbatim)
        {
            return Prefix + tenantId;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId)), 0, HashHexLength / 2);
        var room = MaxLength - Prefix.Length - 1 - HashHexLength;
        var readable = new StringBuilder(room);
        foreach (var c in tenantId)
        {
            if (readable.Length == room)
            {
                break;
            }

            readable.Append(IsVerbatimChar(c) ? c : '_');
        }

        return $"{Prefix}{readable}@{hash}";
    }

    private static bool IsVerbatimChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
