using LogGrains.Abstractions;

namespace LogGrains.Silo.Web;

/// <summary>
/// Reads the tenant list from <see cref="ITenantDirectoryGrain"/> and each tenant's counters from its
/// <see cref="ITenantGrain"/>, whose state is the cluster-wide truth wherever the grain lives.
/// </summary>
internal sealed class GrainTenantStatsReader(IGrainFactory grains) : ITenantStatsReader
{
    /// <summary>A read that takes longer than this fails rather than holding a page or the sampler.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<TenantStatsEntry>> ReadAsync(CancellationToken cancellationToken)
    {
        var tenants = await grains.GetGrain<ITenantDirectoryGrain>(0).List().WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false);
        var entries = await Task.WhenAll(tenants.Select(async tenant =>
            new TenantStatsEntry(tenant, await grains.GetGrain<ITenantGrain>(tenant).GetStats().WaitAsync(ReadTimeout, cancellationToken).ConfigureAwait(false))))
            .ConfigureAwait(false);
        return entries.OrderBy(e => e.Tenant, StringComparer.Ordinal).ToList();
    }
}
