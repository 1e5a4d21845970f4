using System.Collections.Concurrent;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;

namespace LogGrains.Testing.Ports;

/// <summary>The tenant table in memory.</summary>
public sealed class FakeTenantStore : ITenantStore
{
    public const string RoleArn = "arn:aws:iam::444455556666:role/loggrains-delivery";

    private readonly ConcurrentDictionary<string, IReadOnlyList<TenantItem>> _items = new(StringComparer.Ordinal);

    /// <summary>A CloudWatch delivery item in the seed's single-record shape.</summary>
    public static TenantItem CloudWatch(string tenant, string logGroupName) => new(
    [
        KeyValuePair.Create("tenant_id", TenantAttribute.S(tenant)),
        KeyValuePair.Create("log_distribution_role_arn", TenantAttribute.S(RoleArn)),
        KeyValuePair.Create("log_group_name", TenantAttribute.S(logGroupName)),
    ]);

    public void Set(string tenant, params TenantItem[] items) => _items[tenant] = items;

    public Task<IReadOnlyList<TenantItem>> GetItemsAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_items.GetValueOrDefault(tenantId) ?? []);

    public Task PutItemAsync(TenantItem item, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The grains only read the tenant table.");

    public Task DeleteItemAsync(string tenantId, DeliveryType type, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The grains only read the tenant table.");

    public IAsyncEnumerable<string> ListTenantsAsync(CancellationToken cancellationToken) => _items.Keys.ToAsyncEnumerable();
}
