namespace LogGrains.Cli;

/// <summary>The arguments of <c>loggrains replay</c>.</summary>
/// <param name="Bucket">The staging bucket.</param>
/// <param name="Prefix">The key prefix to list (may be empty: the whole bucket).</param>
/// <param name="Since">Only objects last modified at or after this time.</param>
/// <param name="Until">Only objects last modified before this time.</param>
/// <param name="DryRun">List and count only; nothing is delivered and the cluster is not contacted.</param>
/// <param name="Parallelism">Deliveries in flight at once.</param>
/// <param name="Json">Print the summary as JSON.</param>
internal sealed record ReplayRequest(
    string Bucket, string Prefix, DateTimeOffset? Since, DateTimeOffset? Until, bool DryRun, int Parallelism, bool Json);
