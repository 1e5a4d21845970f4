namespace LogGrains.Grains;

/// <summary>The tenants the directory knows.</summary>
[GenerateSerializer, Alias("loggrains.TenantDirectoryState")]
public sealed class TenantDirectoryState
{
    /// <summary>Tenant ids.</summary>
    [Id(0)] public HashSet<string> Tenants { get; set; } = new(StringComparer.Ordinal);
}
