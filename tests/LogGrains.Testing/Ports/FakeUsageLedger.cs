using System.Collections.Concurrent;
using LogGrains.Core.Ports;
using LogGrains.Core.Usage;

namespace LogGrains.Testing.Ports;

/// <summary>A usage ledger in memory with the real rule (each id once), that can be told to fail some writes for a tenant.</summary>
public sealed class FakeUsageLedger : IUsageLedger
{
    private readonly UsageBook _book = new();
    private readonly ConcurrentDictionary<string, int> _failing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="times"/> writes for <paramref name="tenant"/> fail as transient (the table unavailable).</summary>
    public void FailWrites(string tenant, int times) => _failing[tenant] = times;

    /// <summary>Every write attempted for the tenant, the refused and the repeated ones included.</summary>
    public int Attempts(string tenant) => _attempts.GetValueOrDefault(tenant);

    /// <summary>The tenant's totals summed over every day and delivery.</summary>
    public UsageCounts Total(string tenant)
    {
        lock (_book)
        {
            return _book.Query(new UsageQuery(tenant, DateOnly.MinValue, DateOnly.MaxValue)).Aggregate(UsageCounts.Zero, (sum, t) => sum + t.Counts);
        }
    }

    public Task<bool> RecordAsync(UsageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var tenant = entry.Key.Tenant;
        _attempts.AddOrUpdate(tenant, 1, (_, n) => n + 1);
        if (_failing.TryGetValue(tenant, out var failing) && failing > 0 && _failing.TryUpdate(tenant, failing - 1, failing))
        {
            throw new DeliveryException(DeliveryErrorClass.Transient, "dynamodb:TransactWriteItems", tenant, string.Empty, "scripted: usage table unavailable");
        }

        lock (_book)
        {
            return Task.FromResult(_book.Record(entry));
        }
    }

    public async Task<int> RecordAllAsync(IReadOnlyList<UsageEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var added = 0;
        foreach (var entry in entries)
        {
            added += await RecordAsync(entry, cancellationToken) ? 1 : 0;
        }

        return added;
    }

    public Task<IReadOnlyList<UsageTotal>> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        lock (_book)
        {
            return Task.FromResult(_book.Query(query));
        }
    }
}
