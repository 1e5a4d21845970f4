using LogGrains.Abstractions;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Testing.Ports;
using LogGrains.Testing.Metrics;

namespace LogGrains.Grains.Tests;

/// <summary>Content rules through the grains: the tenant grain sends them, the stream grain applies and counts them, the tenant adds up.</summary>
public sealed class ContentRulesGrainTests(GrainWorld world) : IClassFixture<GrainWorld>
{
    [Fact]
    public async Task The_stream_grain_sends_only_kept_events_redacted_and_returns_the_counts_with_the_outcome()
    {
        var stream = TestStream.Create(world, "ruled-stream");
        var file = stream.Stage(world, 20);
        var rules = new DeliveryContentRules([], ["#000[0-4]$"], [new DeliveryRedactRule("late", "#001[5-9]$", "#late")]);

        var outcome = await stream.Grain.Deliver(Deliveries.For(file) with { Content = rules });

        var expected = file.Messages.Select((m, i) => i >= 15 ? m[..^5] + "#late" : m).Skip(5).ToList();
        Assert.Equal(expected, world.Destination.Accepted(stream.Target).Select(e => e.Message));
        Assert.Equal((DeliveryStatus.Delivered, 15L, 15L, 5L, 5L), (outcome.Status, outcome.Events, outcome.ContentKept, outcome.ContentExcluded, outcome.ContentRedacted));
        Assert.Equal(new Dictionary<string, long> { ["late"] = 5 }, outcome.ContentMatches);
    }

    [Fact]
    public async Task The_tenant_grain_counts_what_its_rules_did_in_its_stats_and_metrics()
    {
        using var events = new InstrumentCounter("LogGrains", "loggrains.content.events", "tenant", "result");
        using var matches = new InstrumentCounter("LogGrains", "loggrains.content.matches", "tenant", "rule");
        var tenant = GrainWorld.Unique("ruled-tenant");
        var item = FakeTenantStore.CloudWatch(tenant, GrainWorld.LogGroup);
        world.Tenants.Set(tenant, new TenantItem(item.Append(KeyValuePair.Create("exclude_patterns", TenantAttribute.L([TenantAttribute.S("#000[0-2]$")])))
            .Append(KeyValuePair.Create("redact", TenantAttribute.L([TenantAttribute.M([KeyValuePair.Create("name", TenantAttribute.S("seven")), KeyValuePair.Create("pattern", TenantAttribute.S("#0007$"))])])))));
        var file = StagedFile.Create(tenant, "app", "pod-0", 10, DateTimeOffset.UtcNow.AddHours(-1));
        world.Objects.Put(file.Key, file.Content);

        var outcome = await world.Grains.GetGrain<ITenantGrain>(tenant).Deliver(file.Staged);

        Assert.Equal((DeliveryStatus.Delivered, 7L, 3L, 1L), (outcome.Status, outcome.Events, outcome.ContentExcluded, outcome.ContentRedacted));
        var stats = await world.Grains.GetGrain<ITenantGrain>(tenant).GetStats();
        Assert.Equal((7L, 3L, 1L), (stats.ContentKept, stats.ContentExcluded, stats.ContentRedacted));
        Assert.Equal(new Dictionary<string, long> { ["seven"] = 1 }, stats.ContentMatches);
        Assert.Equal([("excluded", 3L), ("kept", 7L), ("redacted", 1L)], events.Of(tenant));
        Assert.Equal([("seven", 1L)], matches.Of(tenant));
        var target = new LogTarget(tenant, GrainWorld.Region, GrainWorld.LogGroup, $"app-pod-0-{file.Staged.EventTime.UtcDateTime:yyyy-MM-dd}");
        Assert.Contains(world.Destination.Accepted(target), e => e.Message.EndsWith("[REDACTED:seven]", StringComparison.Ordinal));
    }
}
