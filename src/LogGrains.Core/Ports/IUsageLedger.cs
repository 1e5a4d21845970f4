using LogGrains.Core.Usage;

namespace LogGrains.Core.Ports;

/// <summary>
/// The per-tenant, per-UTC-day, per-delivery usage totals (DynamoDB in the aws profile, a file in the local profile).
/// Every entry is recorded at most once by its <see cref="UsageEntry.Id"/>: recording it again — after a retry, a
/// redelivered object or the redo after a crash — leaves the totals as they are.
/// </summary>
public interface IUsageLedger
{
    /// <summary>Adds an entry's counts to its total, unless an entry with the same id was recorded already.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when the entry was added now, false when its id was recorded before.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the ledger cannot be written.</exception>
    Task<bool> RecordAsync(UsageEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Records several entries, each at most once by its id, as few writes as the store allows (the DynamoDB ledger: one
    /// transaction per tenant, day and delivery). Either every entry not recorded before is recorded, or the call fails.
    /// </summary>
    /// <param name="entries">The entries; ids may repeat (a repeated id counts once).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>How many entries were added now.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the ledger cannot be written.</exception>
    Task<int> RecordAllAsync(IReadOnlyList<UsageEntry> entries, CancellationToken cancellationToken);

    /// <summary>Reads the totals of one tenant or all, over a range of days.</summary>
    /// <param name="query">The tenant and days.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals found, ordered by tenant, day and delivery; keys with nothing recorded are absent.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the ledger cannot be read.</exception>
    Task<IReadOnlyList<UsageTotal>> QueryAsync(UsageQuery query, CancellationToken cancellationToken);
}
