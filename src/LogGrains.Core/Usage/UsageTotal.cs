namespace LogGrains.Core.Usage;

/// <summary>The usage of one tenant, UTC day and delivery: the sum of every entry recorded for the key.</summary>
/// <param name="Key">The tenant, day and delivery.</param>
/// <param name="Counts">The sum of the entries' counts.</param>
public sealed record UsageTotal(UsageKey Key, UsageCounts Counts);
