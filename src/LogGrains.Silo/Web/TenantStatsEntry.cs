using LogGrains.Abstractions;

namespace LogGrains.Silo.Web;

/// <summary>One tenant's counters as read from its grain.</summary>
internal sealed record TenantStatsEntry(string Tenant, TenantStats Stats);
