namespace LogGrains.Core.Usage;

/// <summary>
/// Usage totals kept in memory with the ids already counted: the rule every ledger follows, without storage. The local
/// profile's ledger persists one; tests use one as the ledger.
/// </summary>
public sealed class UsageBook
{
    private readonly Dictionary<UsageKey, UsageCounts> _totals = [];
    private readonly HashSet<(string Tenant, string Id)> _seen = [];

    /// <summary>How many distinct entries were counted.</summary>
    public int EntryCount => _seen.Count;

    /// <summary>Whether an entry with this id was counted for the tenant.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="id">The entry's id.</param>
    public bool Contains(string tenant, string id) => _seen.Contains((tenant, id));

    /// <summary>Adds an entry unless its id (per tenant) was counted before.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>True when it was added now.</returns>
    public bool Record(UsageEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!_seen.Add((entry.Key.Tenant, entry.Id)))
        {
            return false;
        }

        _totals[entry.Key] = _totals.GetValueOrDefault(entry.Key) + entry.Counts;
        return true;
    }

    /// <summary>The totals in a query, ordered by tenant, day and delivery.</summary>
    /// <param name="query">The tenant and days.</param>
    public IReadOnlyList<UsageTotal> Query(UsageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Order(_totals.Where(t => query.Includes(t.Key)).Select(t => new UsageTotal(t.Key, t.Value)));
    }

    /// <summary>Orders totals by tenant, day and delivery name, the order every ledger answers in.</summary>
    /// <param name="totals">The totals.</param>
    public static IReadOnlyList<UsageTotal> Order(IEnumerable<UsageTotal> totals) =>
        [.. totals.OrderBy(t => t.Key.Tenant, StringComparer.Ordinal).ThenBy(t => t.Key.Day).ThenBy(t => t.Key.DeliveryName, StringComparer.Ordinal)];
}
