namespace LogGrains.Local;

/// <summary>
/// Prepares the local root on start: its directories, and on the first start (no <c>tenants.json</c>) the sample
/// tenants and sample files; then says where to look.
/// </summary>
internal sealed partial class LocalStartup(
    LocalPaths paths,
    LocalProfileSettings settings,
    LocalTenantStore tenants,
    LocalSampleWriter samples,
    TimeProvider time,
    ILogger<LocalStartup> logger) : IHostedService
{
    /// <summary>The sample files the first start wrote; empty when <c>tenants.json</c> already existed.</summary>
    public IReadOnlyList<LocalSampleFile> Samples { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        paths.CreateDirectories();
        if (!File.Exists(paths.TenantsFile))
        {
            foreach (var item in LocalSampleWriter.SampleTenants())
            {
                await tenants.PutItemAsync(item, cancellationToken).ConfigureAwait(false);
            }

            Samples = samples.WriteInitialFiles(time.GetUtcNow());
            LogFirstStart(logger, paths.TenantsFile, Samples.Count, paths.Staging);
        }

        var where = WhereToLook();
        LogWhereToLook(logger, where);
        await Console.Out.WriteLineAsync(where).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string WhereToLook() =>
        $"LogGrains is running locally, with no AWS account, in {paths.Root}. " +
        $"Drop Vector files into {paths.Staging}{Path.DirectorySeparatorChar} as {{customer_id}}/{{cluster_id}}/{{application}}/{{pod_name}}/{{file}}; " +
        $"delivered events are appended to {paths.Logs}{Path.DirectorySeparatorChar}{{tenant}}/{{log group}}/{{stream}}.log, " +
        $"finished files move to {paths.Delivered}{Path.DirectorySeparatorChar}, undeliverable ones to {paths.DeadLetter}{Path.DirectorySeparatorChar} with a .reason.txt beside each, " +
        $"and s3 deliveries land in {paths.Buckets}{Path.DirectorySeparatorChar}. Tenants are in {paths.TenantsFile}. " +
        $"Web: per-tenant throughput at http://localhost:{settings.WebPort}/tenants and the Orleans Dashboard at http://localhost:{settings.WebPort}/dashboard" +
        (settings.WebAdminTokenSet ? " (open each once with ?token=<LogGrains__Web__AdminToken>). " : ". ") +
        (settings.SampleInterval > TimeSpan.Zero
            ? $"A sample file per tenant arrives every {settings.SampleInterval.TotalSeconds:0.###} s (LogGrains__Local__SampleInterval=0 stops that)."
            : "The sample feeder is off.");

    [LoggerMessage(Level = LogLevel.Information, Message = "First start: wrote sample tenants to {TenantsFile} and {Count} sample files under {Staging}")]
    private static partial void LogFirstStart(ILogger logger, string tenantsFile, int count, string staging);

    [LoggerMessage(Level = LogLevel.Information, Message = "{WhereToLook}")]
    private static partial void LogWhereToLook(ILogger logger, string whereToLook);
}
