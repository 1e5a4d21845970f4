namespace LogGrains.Silo.Web;

/// <summary>Reads every known tenant's counters, cluster-wide.</summary>
internal interface ITenantStatsReader
{
    /// <summary>Every registered tenant with its counters, sorted by tenant.</summary>
    Task<IReadOnlyList<TenantStatsEntry>> ReadAsync(CancellationToken cancellationToken);
}
