using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace LogGrains.Testing.Metrics;

/// <summary>
/// Listens to one counter of one meter and sums its measurements by two tags, e.g. <c>loggrains.stream.readback</c> by
/// (<c>tenant</c>, <c>result</c>).
/// </summary>
public sealed class InstrumentCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Group, string Key), long> _counts = new();

    /// <param name="meter">The meter's name.</param>
    /// <param name="instrument">The counter's name.</param>
    /// <param name="groupTag">The tag <see cref="Of"/> selects by.</param>
    /// <param name="keyTag">The tag the selected measurements are summed by.</param>
    public InstrumentCounter(string meter, string instrument, string groupTag, string keyTag)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == meter && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? group = null, key = null;
            foreach (var tag in tags)
            {
                group = tag.Key == groupTag ? tag.Value as string : group;
                key = tag.Key == keyTag ? tag.Value as string : key;
            }

            _counts.AddOrUpdate((group ?? "", key ?? ""), value, (_, n) => n + value);
        });
        _listener.Start();
    }

    /// <summary>The stream grains' readbacks (<c>loggrains.stream.readback</c> on the <c>LogGrains</c> meter) by tenant and result.</summary>
    public static InstrumentCounter StreamReadbacks() => new("LogGrains", "loggrains.stream.readback", "tenant", "result");

    /// <summary>The sums of the measurements tagged <paramref name="group"/>, by key, in key order.</summary>
    public IReadOnlyList<(string Key, long Count)> Of(string group) =>
        [.. _counts.Where(c => c.Key.Group == group).Select(c => (c.Key.Key, c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
