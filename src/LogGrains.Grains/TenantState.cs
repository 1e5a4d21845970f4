using LogGrains.Abstractions;

namespace LogGrains.Grains;

/// <summary>The persistent state of a tenant grain: its counters, which the dashboard's grain view shows.</summary>
[GenerateSerializer, Alias("loggrains.TenantState")]
public sealed class TenantState
{
    /// <summary>The tenant's running totals.</summary>
    [Id(0)] public TenantStats Stats { get; set; } = new();
}
