using System.Diagnostics.Metrics;
using LogGrains.Grains.Metrics;
using LogGrains.Silo.Delivery;

namespace LogGrains.Silo.Telemetry;

/// <summary>
/// The poller's counters as observable instruments on the LogGrains meter: <c>loggrains.poller.messages</c> by
/// <c>action</c> and <c>loggrains.poller.in_flight</c>. Read at scrape time, so the poller itself knows no meter.
/// </summary>
internal sealed class PollerMetrics : IHostedService
{
    public PollerMetrics(IMeterFactory meterFactory, NotificationPoller poller)
    {
        var meter = meterFactory.Create(LogGrainsMetrics.MeterName);
        var counters = poller.Counters;
        meter.CreateObservableCounter(
            "loggrains.poller.messages",
            () => new[]
            {
                Measurement("deleted", counters.DeletedCount),
                Measurement("retried", counters.RetriedCount),
                Measurement("dead_lettered", counters.DeadLetteredCount),
                Measurement("failed", counters.FailedCount),
                Measurement("released", counters.ReleasedCount),
            },
            "{message}",
            "Queue messages settled by this silo's poller, by action (released: handed back at shutdown).");
        meter.CreateObservableUpDownCounter("loggrains.poller.in_flight", () => (long)poller.InFlightCount, "{message}", "Queue messages being worked on by this silo's poller.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Measurement<long> Measurement(string action, long value) => new(value, new KeyValuePair<string, object?>("action", action));
}
