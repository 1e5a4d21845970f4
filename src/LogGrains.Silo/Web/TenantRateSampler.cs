using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Web;

/// <summary>
/// Samples every tenant's counters each <see cref="WebOptions.SampleInterval"/> on this silo and keeps the samples of
/// the last <see cref="WebOptions.RateWindow"/>; a tenant's rate is the growth of its counters from its oldest sample
/// in the window to the newest, divided by the time between them. A tenant first seen inside the window is measured
/// from that first sample; a counter that went down (state reloaded from an older flush) counts as no growth. The wait
/// is the growth of the tenant's total wait divided by the growth of its waited objects over the same samples. Each
/// sample also goes into the <see cref="History"/> of the last <see cref="WebOptions.HistoryWindow"/> that the charts draw.
/// </summary>
internal sealed partial class TenantRateSampler(
    ITenantStatsReader reader,
    IOptions<WebOptions> options,
    TimeProvider time,
    ILogger<TenantRateSampler> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Sample> _samples = new();
    private readonly TimeSpan _window = options.Value.RateWindow;
    private bool _failing;

    public TimeSpan Window => _window;

    public TimeSpan Interval { get; } = options.Value.SampleInterval;

    /// <summary>Every tenant's throughput sample by sample, for the sparklines and the tenant pages.</summary>
    public TenantHistory History { get; } = new(options.Value.HistoryWindow, options.Value.SampleInterval);

    /// <summary>Reads every tenant's counters once and adds them to the window and the history.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var entries = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var at = time.GetUtcNow();
        var sample = new Sample(at, entries.ToDictionary(e => e.Tenant, e => new Counters(e.Stats.Events, e.Stats.Bytes, e.Stats.Waited, e.Stats.WaitSeconds), StringComparer.Ordinal));
        lock (_gate)
        {
            _samples.AddLast(sample);
            while (_samples.First is { } first && at - first.Value.At > _window)
            {
                _samples.RemoveFirst();
            }
        }

        History.Add(at, entries);
    }

    /// <summary>Each sampled tenant's rate over the window.</summary>
    public IReadOnlyDictionary<string, TenantRate> Rates()
    {
        lock (_gate)
        {
            var rates = new Dictionary<string, TenantRate>(StringComparer.Ordinal);
            if (_samples.Last is not { } newest)
            {
                return rates;
            }

            foreach (var (tenant, last) in newest.Value.Counters)
            {
                var oldest = _samples.First(s => s.Counters.ContainsKey(tenant));
                var span = (newest.Value.At - oldest.At).TotalSeconds;
                if (span <= 0)
                {
                    rates[tenant] = TenantRate.None;
                    continue;
                }

                var first = oldest.Counters[tenant];
                var waited = last.Waited - first.Waited;
                rates[tenant] = new TenantRate(
                    Math.Max(0, last.Events - first.Events) / span,
                    Math.Max(0, last.Bytes - first.Bytes) / span,
                    span,
                    waited > 0 ? Math.Max(0, last.WaitSeconds - first.WaitSeconds) / waited : null);
            }

            return rates;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await SampleOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task SampleOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SampleAsync(stoppingToken).ConfigureAwait(false);
            if (_failing)
            {
                _failing = false;
                LogRecovered(logger);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Only the first failure of a run is a warning: a silo still joining fails every tick until it is active.
            if (!_failing)
            {
                _failing = true;
                LogSampleFailed(logger, e.GetType().Name, e.Message);
            }
        }
    }

    private sealed record Sample(DateTimeOffset At, Dictionary<string, Counters> Counters);

    private readonly record struct Counters(long Events, long Bytes, long Waited, double WaitSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the tenants' counters failed ({Error}: {Detail}); rates stay as they were until a sample succeeds")]
    private static partial void LogSampleFailed(ILogger logger, string error, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sampling the tenants' counters works again")]
    private static partial void LogRecovered(ILogger logger);
}
