namespace LogGrains.Silo.Web;

/// <summary>One tenant in <c>/api/tenants</c>: its totals since its grain's state was created and its current rates.</summary>
internal sealed record TenantRow(
    string Tenant,
    double EventsPerSecond,
    double MegabytesPerSecond,
    double RateSpanSeconds,
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
    DateTimeOffset? LastDelivery,
    string ConfigProblems,
    string GrainView);
