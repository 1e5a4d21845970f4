namespace LogGrains.Local;

/// <summary>
/// Drops one new sample file per sample tenant every <c>LogGrains:Local:SampleInterval</c> (0 disables it), so the
/// local profile shows steady throughput.
/// </summary>
internal sealed partial class LocalSampleFeeder(
    LocalSampleWriter samples,
    LocalProfileSettings settings,
    TimeProvider time,
    ILogger<LocalSampleFeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.SampleInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.SampleInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var files = samples.WriteFeedFiles(time.GetUtcNow());
                    LogFed(logger, files.Count);
                }
                catch (IOException e)
                {
                    LogFeedFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped {Count} sample files into staging")]
    private static partial void LogFed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a sample file: {Detail}")]
    private static partial void LogFeedFailed(ILogger logger, string detail);
}
