using System.Globalization;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Usage;

/// <summary>Which usage totals to read: one tenant or all, from one UTC day to another, both included.</summary>
/// <param name="Tenant">The tenant, or null for every tenant.</param>
/// <param name="From">The first day.</param>
/// <param name="To">The last day.</param>
public sealed record UsageQuery(string? Tenant, DateOnly From, DateOnly To)
{
    /// <summary>Whether a total falls in this query.</summary>
    /// <param name="key">The total's key.</param>
    public bool Includes(UsageKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return (Tenant is null || string.Equals(Tenant, key.Tenant, StringComparison.Ordinal)) && key.Day >= From && key.Day <= To;
    }

    /// <summary>The date format of <see cref="From"/> and <see cref="To"/> as given and shown.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>
    /// Builds a query from its text parts as an operator gives them (<c>loggrains usage</c>, <c>/api/usage</c>): days as
    /// <c>yyyy-MM-dd</c>, from defaulting to the first day of the current UTC month, to defaulting to today (UTC).
    /// </summary>
    /// <param name="tenant">The tenant id, or null/empty for every tenant.</param>
    /// <param name="from">The first day, or null/empty.</param>
    /// <param name="to">The last day, or null/empty.</param>
    /// <param name="now">The current time.</param>
    /// <param name="query">The query, when the parts are valid.</param>
    /// <param name="field">The part at fault (<c>tenant</c>, <c>from</c> or <c>to</c>), when they are not.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <returns>Whether the parts make a query.</returns>
    public static bool TryParse(string? tenant, string? from, string? to, DateTimeOffset now, out UsageQuery query, out string field, out string problem)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        query = new UsageQuery(null, new DateOnly(today.Year, today.Month, 1), today);
        field = string.Empty;
        problem = string.Empty;
        if (!string.IsNullOrEmpty(tenant) && !TenantIdRule.IsValid(tenant))
        {
            (field, problem) = ("tenant", $"'{tenant}' is not a tenant id ({TenantIdRule.Pattern})");
            return false;
        }

        if (!TryDay(from, query.From, out var first))
        {
            (field, problem) = ("from", $"'{from}' is not a day ({DateFormat})");
            return false;
        }

        if (!TryDay(to, query.To, out var last))
        {
            (field, problem) = ("to", $"'{to}' is not a day ({DateFormat})");
            return false;
        }

        if (last < first)
        {
            (field, problem) = ("to", $"{last.ToString(DateFormat, CultureInfo.InvariantCulture)} is before from {first.ToString(DateFormat, CultureInfo.InvariantCulture)}");
            return false;
        }

        query = new UsageQuery(string.IsNullOrEmpty(tenant) ? null : tenant, first, last);
        return true;
    }

    private static bool TryDay(string? text, DateOnly fallback, out DateOnly day)
    {
        day = fallback;
        return string.IsNullOrEmpty(text) || DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }
}
