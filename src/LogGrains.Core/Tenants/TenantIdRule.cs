namespace LogGrains.Core.Tenants;

/// <summary>
/// The shape a tenant (customer) id must have: <c>^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$</c>.
/// </summary>
/// <remarks>
/// Tenant ids become DynamoDB keys, grain keys, metric labels, CLI arguments and parts of STS
/// session names, so only ASCII letters, digits, <c>.</c>, <c>_</c> and <c>-</c> are allowed,
/// starting with a letter or digit (so never <c>.</c>, <c>..</c> or an option-like <c>-x</c>).
/// </remarks>
public static class TenantIdRule
{
    /// <summary>The maximum length of a tenant id.</summary>
    public const int MaxLength = 128;

    /// <summary>The rule as a regular expression, for documentation and error messages.</summary>
    public const string Pattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

    /// <summary>Whether <paramref name="tenantId"/> is a safe tenant id.</summary>
    /// <param name="tenantId">The candidate id.</param>
    /// <returns><see langword="true"/> when it matches <see cref="Pattern"/>.</returns>
    public static bool IsValid(string? tenantId)
    {
        if (string.IsNullOrEmpty(tenantId) || tenantId.Length > MaxLength || !char.IsAsciiLetterOrDigit(tenantId[0]))
        {
            return false;
        }

        foreach (var c in tenantId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '_' && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
