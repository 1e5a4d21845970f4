namespace LogGrains.Core.Tenants;

/// <summary>
/// A delivery item that failed validation: it delivers nothing, and its reasons are shown by the CLI
/// and the tenants page. Other deliveries of the same tenant are unaffected.
/// </summary>
/// <param name="Type">The item's <c>type</c> as written (<c>cloudwatch</c> when absent), so an unknown type is shown as is.</param>
/// <param name="Reasons">Every problem found, each naming the attribute at fault; never empty.</param>
public sealed record InvalidTenantDelivery(string Type, IReadOnlyList<string> Reasons) : TenantDelivery;
