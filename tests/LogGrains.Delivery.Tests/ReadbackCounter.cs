using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LogGrains.Grains.Metrics;

namespace LogGrains.Delivery.Tests;

/// <summary>Listens to <c>loggrains.stream.readback</c> and counts its measurements by (tenant, result).</summary>
internal sealed class ReadbackCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Tenant, string Result), long> _counts = new();

    public ReadbackCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LogGrainsMetrics.MeterName && instrument.Name == "loggrains.stream.readback")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? tenant = null, result = null;
            foreach (var tag in tags)
            {
                tenant = tag.Key == LogGrainsMetrics.TenantTag ? tag.Value as string : tenant;
                result = tag.Key == "result" ? tag.Value as string : result;
            }

            _counts.AddOrUpdate((tenant ?? "", result ?? ""), value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>The readbacks of <paramref name="tenant"/>, by result, in result order.</summary>
    public IReadOnlyList<(string Result, long Count)> Of(string tenant) =>
        [.. _counts.Where(c => c.Key.Tenant == tenant).Select(c => (c.Key.Result, c.Value)).OrderBy(c => c.Result, StringComparer.Ordinal)];

    public void Dispose() => _listener.Dispose();
}
