namespace LogGrains.Cli;

/// <summary>One check of <c>tenants validate</c>.</summary>
/// <param name="Delivery">The delivery the check belongs to (<c>cloudwatch</c>, <c>s3</c>) or <c>cluster</c>.</param>
/// <param name="Check">What was checked, naming the role, group or item.</param>
/// <param name="Ok">Whether it passed.</param>
/// <param name="Detail">The result or the reason it failed; never a credential.</param>
internal sealed record TenantCheck(string Delivery, string Check, bool Ok, string Detail);
