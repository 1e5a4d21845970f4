namespace LogGrains.Core.Keys;

/// <summary>
/// A staged object key split into its meaningful parts by a <see cref="KeyLayout"/>.
/// </summary>
/// <param name="Tenant">The tenant (customer) id; always matches <see cref="Tenants.TenantIdRule.Pattern"/>.</param>
/// <param name="ClusterId">The cluster id; empty when the layout has no <c>{cluster_id}</c>.</param>
/// <param name="Application">The application name, used by the <c>desired_logs</c> filter and stream names.</param>
/// <param name="PodName">The pod name.</param>
/// <param name="FileName">The file name (last meaningful segment).</param>
/// <param name="Key">The whole decoded key the parts came from.</param>
public sealed record ObjectKey(string Tenant, string ClusterId, string Application, string PodName, string FileName, string Key);
