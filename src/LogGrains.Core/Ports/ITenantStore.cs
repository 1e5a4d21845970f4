using LogGrains.Core.Tenants;

namespace LogGrains.Core.Ports;

/// <summary>
/// The tenant table (DynamoDB in AWS, a file in the local profile). Items are returned raw;
/// <see cref="TenantConfigParser"/> validates them, so one bad item never hides the others.
/// </summary>
public interface ITenantStore
{
    /// <summary>Reads every item of a tenant (all delivery types), following pagination to the end.</summary>
    /// <param name="tenantId">The tenant id (partition key <c>tenant_id</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The items, in sort key order; empty when the tenant is unknown (not an error).</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.Transient"/> when the store is unavailable, throttled or times out.
    /// </exception>
    Task<IReadOnlyList<TenantItem>> GetItemsAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces one item (keyed by <c>tenant_id</c> and, where the table has it, <c>type</c>).</summary>
    /// <param name="item">The item, e.g. from <see cref="TenantItemWriter.Write"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the write is durable.</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.Transient"/> when the store is unavailable;
    /// <see cref="DeliveryErrorClass.InvalidRequest"/> when the item lacks a key attribute of the table
    /// (e.g. no <c>type</c> in a table keyed by it) or the store refuses it.
    /// </exception>
    Task PutItemAsync(TenantItem item, CancellationToken cancellationToken);

    /// <summary>Deletes one delivery item; deleting an absent item succeeds.</summary>
    /// <param name="tenantId">The tenant id.</param>
    /// <param name="type">The delivery type; ignored by a store whose table has no <c>type</c> sort key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns>A task that completes when the delete is durable.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the store is unavailable.</exception>
    Task DeleteItemAsync(string tenantId, DeliveryType type, CancellationToken cancellationToken);

    /// <summary>Lists every distinct tenant id in the table, following pagination to the end (defect 16).</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The tenant ids, each once, in no particular order.</returns>
    /// <exception cref="DeliveryException"><see cref="DeliveryErrorClass.Transient"/> when the store is unavailable.</exception>
    IAsyncEnumerable<string> ListTenantsAsync(CancellationToken cancellationToken);
}
