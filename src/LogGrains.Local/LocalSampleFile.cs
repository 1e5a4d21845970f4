namespace LogGrains.Local;

/// <summary>One sample Vector file written into staging.</summary>
/// <param name="Key">Its key under staging (the S3 layout).</param>
/// <param name="Tenant">The tenant (<c>customer_id</c>).</param>
/// <param name="Application">The application segment.</param>
/// <param name="ReachesLogs">Whether the tenant's <c>desired_logs</c> lets it through to the log destination.</param>
/// <param name="Events">Its events, in file order.</param>
internal sealed record LocalSampleFile(string Key, string Tenant, string Application, bool ReachesLogs, IReadOnlyList<LocalSampleEvent> Events);
