using System.Diagnostics.Metrics;
using LogGrains.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains.Metrics;

/// <summary>
/// The LogGrains meter: per-tenant delivery counters, recorded where the numbers are made (the tenant grain) and
/// exported by the silo's <c>/metrics</c>. The <c>tenant</c> tag is capped by <see cref="LogGrainsMetricsOptions.MaxTenants"/>.
/// </summary>
public sealed class LogGrainsMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "LogGrains";

    /// <summary>The tag that names the tenant.</summary>
    public const string TenantTag = "tenant";

    /// <summary>The tenant tag of every tenant past the cap.</summary>
    public const string OtherTenant = "other";

    private readonly TenantTagCap _tenants;
    private readonly Counter<long> _deliveredObjects;
    private readonly Counter<long> _deliveredEvents;
    private readonly Counter<long> _deliveredBytes;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _throttles;
    private readonly Counter<long> _rejectedEvents;
    private readonly Counter<long> _filteredObjects;
    private readonly Counter<long> _duplicateObjects;
    private readonly Counter<long> _deadLetteredObjects;
    private readonly Counter<long> _failedDeliveries;
    private readonly Counter<long> _readbacks;
    private readonly Histogram<double> _wait;
    private readonly Counter<long> _contentEvents;
    private readonly Counter<long> _contentMatches;

    /// <summary>Creates the instruments on the <see cref="MeterName"/> meter of <paramref name="meterFactory"/>.</summary>
    public LogGrainsMetrics(IMeterFactory meterFactory, IOptions<LogGrainsMetricsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _tenants = new TenantTagCap(options.Value.MaxTenants);
        var meter = meterFactory.Create(MeterName);
        _deliveredObjects = meter.CreateCounter<long>("loggrains.delivered.objects", "{object}", "Objects fully delivered.");
        _deliveredEvents = meter.CreateCounter<long>("loggrains.delivered.events", "{event}", "Events accepted by the destination.");
        _deliveredBytes = meter.CreateCounter<long>("loggrains.delivered.bytes", "By", "Message bytes accepted by CloudWatch Logs plus object bytes copied to S3.");
        _batches = meter.CreateCounter<long>("loggrains.batches", "{batch}", "PutLogEvents requests accepted.");
        _throttles = meter.CreateCounter<long>("loggrains.throttles", "{throttle}", "Throttling answers met (and retried).");
        _rejectedEvents = meter.CreateCounter<long>("loggrains.rejected.events", "{event}", "Events rejected by CloudWatch Logs or excluded before sending (too old, too new, expired).");
        _filteredObjects = meter.CreateCounter<long>("loggrains.filtered.objects", "{object}", "Objects skipped by configuration (disabled, desired_logs, unknown tenant dropped).");
        _duplicateObjects = meter.CreateCounter<long>("loggrains.duplicate.objects", "{object}", "Objects whose notification came again after they were delivered.");
        _deadLetteredObjects = meter.CreateCounter<long>("loggrains.dead_lettered.objects", "{object}", "Objects sent to the dead-letter queue.");
        _failedDeliveries = meter.CreateCounter<long>("loggrains.failed.deliveries", "{delivery}", "Deliveries that failed, by status (transient, tenant_blocked, cluster_blocked, poison).");
        _readbacks = meter.CreateCounter<long>(
            "loggrains.stream.readback",
            "{readback}",
            "Requests found in flight but unconfirmed and resolved by reading the stream back, by result (present, absent, denied, failed).");
        _contentEvents = meter.CreateCounter<long>(
            "loggrains.content.events",
            "{event}",
            "Events of deliveries with content rules, by result: kept (passed on), excluded (dropped by include/exclude), redacted (kept with a redaction).");
        _contentMatches = meter.CreateCounter<long>("loggrains.content.matches", "{match}", "Matches of each redaction rule, by rule name.");
        _wait = meter.CreateHistogram(
            "loggrains.poller.wait",
            "s",
            "Time an object waited in this silo's poller, from the receive of its message to the start of its delivery.",
            tags: null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
    }

    /// <summary>Counts one object's delivery outcome for <paramref name="tenant"/>, as the tenant's statistics count it.</summary>
    public void RecordOutcome(string tenant, DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var tag = _tenants.TagFor(tenant);
        switch (outcome.Status)
        {
            case DeliveryStatus.Delivered:
                _deliveredObjects.Add(1, tag);
                break;
            case DeliveryStatus.Filtered:
                _filteredObjects.Add(1, tag);
                break;
            case DeliveryStatus.Duplicate:
                _duplicateObjects.Add(1, tag);
                break;
            default:
                _failedDeliveries.Add(1, tag, new KeyValuePair<string, object?>("status", StatusTag(outcome.Status)));
                break;
        }

        // A failed delivery may still have had batches accepted before it failed: they are delivered for good.
        if (outcome.Events > 0)
        {
            _deliveredEvents.Add(outcome.Events, tag);
        }

        if (outcome.Bytes > 0)
        {
            _deliveredBytes.Add(outcome.Bytes, tag);
        }
    }

    /// <summary>Counts what one stream grain call did on the wire for <paramref name="tenant"/>.</summary>
    public void RecordStream(string tenant, StreamOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var tag = _tenants.TagFor(tenant);
        if (outcome.Batches > 0)
        {
            _batches.Add(outcome.Batches, tag);
        }

        if (outcome.Throttles > 0)
        {
            _throttles.Add(outcome.Throttles, tag);
        }

        if (outcome.Rejected + outcome.Excluded > 0)
        {
            _rejectedEvents.Add(outcome.Rejected + outcome.Excluded, tag);
        }

        RecordContent(tag, outcome);
    }

    private void RecordContent(KeyValuePair<string, object?> tag, StreamOutcome outcome)
    {
        if (outcome.ContentKept > 0)
        {
            _contentEvents.Add(outcome.ContentKept, tag, new KeyValuePair<string, object?>("result", "kept"));
        }

        if (outcome.ContentExcluded > 0)
        {
            _contentEvents.Add(outcome.ContentExcluded, tag, new KeyValuePair<string, object?>("result", "excluded"));
        }

        if (outcome.ContentRedacted > 0)
        {
            _contentEvents.Add(outcome.ContentRedacted, tag, new KeyValuePair<string, object?>("result", "redacted"));
        }

        foreach (var (rule, matches) in outcome.ContentMatches ?? new Dictionary<string, long>())
        {
            _contentMatches.Add(matches, tag, new KeyValuePair<string, object?>("rule", rule));
        }
    }

    /// <summary>Records how long an object of <paramref name="tenant"/> waited in a silo's poller before its delivery started.</summary>
    public void RecordWait(string tenant, TimeSpan waited) => _wait.Record(Math.Max(0, waited.TotalSeconds), _tenants.TagFor(tenant));

    /// <summary>The <c>tenant</c> tag of <paramref name="tenant"/> under the cap, for instruments observed elsewhere.</summary>
    public KeyValuePair<string, object?> TenantTagOf(string tenant) => _tenants.TagFor(tenant);

    /// <summary>
    /// Counts one unconfirmed request of <paramref name="tenant"/> resolved by a readback: <c>present</c> (its checkpoints
    /// were advanced, nothing resent), <c>absent</c>, <c>denied</c> or <c>failed</c> (sent again).
    /// </summary>
    public void RecordReadback(string tenant, string result) =>
        _readbacks.Add(1, _tenants.TagFor(tenant), new KeyValuePair<string, object?>("result", result));

    /// <summary>Counts one object of <paramref name="tenant"/> sent to the dead-letter queue.</summary>
    public void RecordDeadLetter(string tenant) => _deadLetteredObjects.Add(1, _tenants.TagFor(tenant));

    private static string StatusTag(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Transient => "transient",
        DeliveryStatus.TenantBlocked => "tenant_blocked",
        DeliveryStatus.ClusterBlocked => "cluster_blocked",
        DeliveryStatus.Poison => "poison",
        _ => "unknown",
    };
}
