namespace LogGrains.Silo.Web;

/// <summary>The sums over every tenant in <c>/api/tenants</c>.</summary>
internal sealed record TenantTotals(
    int Tenants,
    int TenantsWithConfigProblems,
    double EventsPerSecond,
    double MegabytesPerSecond,
    long Objects,
    long Events,
    long Bytes,
    long Batches,
    long Throttles,
    long Rejects,
    long DeadLetters,
    long Filtered,
    long Duplicates,
    long Failures,
    DateTimeOffset? LastDelivery);
