using LogGrains.Abstractions;
using LogGrains.Silo.Web;

namespace LogGrains.Silo.Tests.Web;

/// <summary>A stats reader whose answer the test sets before each sample.</summary>
internal sealed class ScriptedStatsReader : ITenantStatsReader
{
    private IReadOnlyList<TenantStatsEntry> _entries = [];

    public void Set(params (string Tenant, long Events, long Bytes)[] tenants) =>
        _entries = tenants.Select(t => new TenantStatsEntry(t.Tenant, new TenantStats { Events = t.Events, Bytes = t.Bytes })).ToList();

    public void Set(params (string Tenant, TenantStats Stats)[] tenants) =>
        _entries = tenants.Select(t => new TenantStatsEntry(t.Tenant, t.Stats)).ToList();

    public Task<IReadOnlyList<TenantStatsEntry>> ReadAsync(CancellationToken cancellationToken) => Task.FromResult(_entries);
}
