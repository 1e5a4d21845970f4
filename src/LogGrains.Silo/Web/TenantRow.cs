namespace LogGrains.Silo.Web;

/// <summary>
/// One tenant in <c>/api/tenants</c>: its totals since its grain's state was created, its current rates, and the mean time
/// its objects waited in the silos for their turn over the rate window (<c>waitSeconds</c>; null when none started), and
/// what its content rules did (<c>contentKept</c>, <c>contentExcluded</c>, <c>contentRedacted</c> events and
/// <c>contentMatches</c> per redaction rule; zero and empty without rules).
/// </summary>
internal sealed record TenantRow(
    string Tenant,
    double EventsPerSecond,
    double MegabytesPerSecond,
    double RateSpanSeconds,
    double? WaitSeconds,
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
    string GrainView,
    long ContentKept = 0,
    long ContentExcluded = 0,
    long ContentRedacted = 0,
    IReadOnlyDictionary<string, long>? ContentMatches = null);
