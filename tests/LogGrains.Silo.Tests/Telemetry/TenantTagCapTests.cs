using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LogGrains.Abstractions;
using LogGrains.Grains.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Telemetry;

public sealed class TenantTagCapTests
{
    [Fact]
    public async Task Under_concurrency_at_most_MaxTenants_keep_their_tag_and_nothing_is_lost_or_split()
    {
        const int maxTenants = 5;
        const int tenants = 200;
        const int threads = 8;
        const int rounds = 20;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var metrics = new LogGrainsMetrics(factory, Options.Create(new LogGrainsMetricsOptions { MaxTenants = maxTenants }));
        var byTag = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var tagsOfTenant = new ConcurrentDictionary<long, ConcurrentDictionary<string, byte>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "loggrains.delivered.events")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tag = tags.ToArray().Single(t => t.Key == LogGrainsMetrics.TenantTag).Value as string;
            byTag.AddOrUpdate(tag!, value, (_, sum) => sum + value);

            // Each tenant records a distinct value: it tells which tenant the measurement came from.
            tagsOfTenant.GetOrAdd(value, _ => new ConcurrentDictionary<string, byte>())[tag!] = 0;
        });
        listener.Start();

        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(() =>
        {
            start.SignalAndWait();
            for (var round = 0; round < rounds; round++)
            {
                for (var i = 0; i < tenants; i++)
                {
                    var tenant = (i + (t * 37)) % tenants;
                    metrics.RecordOutcome($"tenant-{tenant}", DeliveryOutcome.Done(tenant + 1, 1));
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var named = byTag.Keys.Where(k => k != LogGrainsMetrics.OtherTenant).ToList();
        Assert.Equal(maxTenants, named.Count);
        Assert.True(byTag.ContainsKey(LogGrainsMetrics.OtherTenant));
        Assert.Equal((long)threads * rounds * Enumerable.Range(1, tenants).Sum(), byTag.Values.Sum());
        Assert.All(tagsOfTenant, t => Assert.Single(t.Value));
        foreach (var tag in named)
        {
            var tenant = long.Parse(tag["tenant-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(threads * rounds * (tenant + 1), byTag[tag]);
        }
    }
}
