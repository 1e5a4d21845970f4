using System.Diagnostics.Metrics;
using LogGrains.Core.Scheduling;
using LogGrains.Grains.Polling;
using Microsoft.Extensions.Hosting;

namespace LogGrains.Grains.Metrics;

/// <summary>
/// The poller's counters as observable instruments on the LogGrains meter: <c>loggrains.poller.messages</c> by
/// <c>action</c>, <c>loggrains.poller.in_flight</c>, and per tenant <c>loggrains.poller.held</c> (objects waiting for
/// their turn), <c>loggrains.poller.delivering</c> (objects in delivery) and <c>loggrains.poller.streams</c> (streams those
/// objects go to). Read at scrape time; the poller records only
/// its wait histogram itself (<see cref="LogGrainsMetrics.RecordWait"/>).
/// </summary>
internal sealed class PollerMetrics : IHostedService
{
    public PollerMetrics(IMeterFactory meterFactory, NotificationPoller poller, LogGrainsMetrics metrics)
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
        meter.CreateObservableUpDownCounter("loggrains.poller.in_flight", () => (long)poller.InFlightCount, "{message}", "Queue messages held by this silo's poller: waiting for their turn or in delivery.");
        meter.CreateObservableGauge(
            "loggrains.poller.held",
            () => PerTenant(poller, metrics, load => load.Held),
            "{object}",
            "Objects waiting in this silo's poller for their tenant's turn, per tenant.");
        meter.CreateObservableGauge(
            "loggrains.poller.delivering",
            () => PerTenant(poller, metrics, load => load.InFlight),
            "{object}",
            "Objects of each tenant that this silo's poller has handed to the tenant's grain and not yet seen answered.");
        meter.CreateObservableGauge(
            "loggrains.poller.streams",
            () => PerTenant(poller, metrics, load => load.Streams),
            "{stream}",
            "Streams of each tenant with objects in delivery from this silo's poller (at most MaxStreamsPerTenant x weight).");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Tenants past the tag cap share the "other" series, so their counts are summed per tag.
    private static List<Measurement<long>> PerTenant(NotificationPoller poller, LogGrainsMetrics metrics, Func<TenantLoad, int> count) =>
        poller.TenantLoads()
            .GroupBy(load => metrics.TenantTagOf(load.Tenant).Value as string ?? LogGrainsMetrics.OtherTenant, StringComparer.Ordinal)
            .Select(g => new Measurement<long>(g.Sum(count), new KeyValuePair<string, object?>(LogGrainsMetrics.TenantTag, g.Key)))
            .ToList();

    private static Measurement<long> Measurement(string action, long value) => new(value, new KeyValuePair<string, object?>("action", action));
}
