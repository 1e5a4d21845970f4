using LogGrains.Core.Content;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Vector;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// A tenant with content rules, end to end on moto: the rules come from the tenant table, CloudWatch receives exactly the
/// kept events, redacted, the tenant grain counts them, and a change in the table applies to new objects once the
/// configuration cache (2 s here) has expired, without a restart.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class ContentRulesDeliveryTests(MotoServer moto)
{
    private const string Account = "555555555555";
    private const string Group = "/loggrains/ruled";

    private static readonly string[] Lines =
    [
        "level=info GET /orders 200 by jane.doe@example.com",
        "level=debug cache warm",
        "level=info GET /healthz 200",
        "level=error charge failed for card 4111 1111 1111 1111 order ORD-1234",
        "level=error order 4111111111111112 is not a card (Luhn)",
        "level=info from 10.1.2.3 key AKIAIOSFODNN7EXAMPLE",
    ];

    [Fact]
    public async Task A_tenant_with_rules_receives_exactly_the_kept_events_redacted_and_a_rule_change_applies_without_a_restart()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, startCluster: false);
        world.ExtraSettings["LogGrains:Delivery:ConfigCacheDuration"] = "00:00:02";
        await world.StartClusterAsync();
        var tenant = MotoServer.UniqueName("ruled");
        var first = new ContentRuleSpec(
            ["^level=(info|error) "],
            ["/healthz"],
            [new RedactRuleSpec(BuiltInRules.EmailName), new RedactRuleSpec(BuiltInRules.CardNumberName), new RedactRuleSpec(BuiltInRules.AwsAccessKeyIdName), new RedactRuleSpec("order", "ORD-[0-9]+", "ORD-#")]);
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, Account, Group) with { Content = first });

        await world.UploadAsync(File(tenant, "pod-a", Lines));
        await world.WaitUntilSettledAsync(minimumDeleted: 1);

        Assert.Equal(
            [
                "level=info GET /orders 200 by [REDACTED:email]",
                "level=error charge failed for card [REDACTED:card-number] order ORD-#",
                "level=error order 4111111111111112 is not a card (Luhn)",
                "level=info from 10.1.2.3 key [REDACTED:aws-access-key-id]",
            ],
            await MessagesAsync(world, "pod-a"));
        var stats = await world.Cluster.Client.GetGrain<Abstractions.ITenantGrain>(tenant).GetStats();
        Assert.Equal((4L, 2L, 3L), (stats.ContentKept, stats.ContentExcluded, stats.ContentRedacted));
        Assert.Equal(
            new Dictionary<string, long> { [BuiltInRules.EmailName] = 1, [BuiltInRules.CardNumberName] = 1, [BuiltInRules.AwsAccessKeyIdName] = 1, ["order"] = 1 },
            stats.ContentMatches);
        Assert.Equal(4, stats.Events);

        // New rules in the table: no include, exclude errors, redact IPv4 only. After the cache period, new objects follow them.
        var second = new ContentRuleSpec([], ["level=error"], [new RedactRuleSpec(BuiltInRules.Ipv4Name)]);
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, Account, Group) with { Content = second });
        await Task.Delay(TimeSpan.FromSeconds(3));
        await world.UploadAsync(File(tenant, "pod-b", Lines));
        await world.WaitUntilSettledAsync(minimumDeleted: 2);

        Assert.Equal(
            [
                "level=info GET /orders 200 by jane.doe@example.com",
                "level=debug cache warm",
                "level=info GET /healthz 200",
                "level=info from [REDACTED:ipv4] key AKIAIOSFODNN7EXAMPLE",
            ],
            await MessagesAsync(world, "pod-b"));
        Assert.Equal(4, (await MessagesAsync(world, "pod-a")).Count);

        // The day's usage counts the rules' work per object: 2 + 2 events excluded, 3 + 1 redacted.
        var usage = await UsageReadback.CloudWatchUsageAsync(moto, tenant, world.UsageTable);
        Assert.Equal((2L, 8L, 4L, 4L), (usage.Objects, usage.Events, usage.EventsExcluded, usage.EventsRedacted));
        world.Proxy.AssertNoLimitViolations();
    }

    private static StagedFile File(string tenant, string pod, IReadOnlyList<string> lines)
    {
        var first = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        var events = lines.Select((line, i) => (Timestamp: first + i, Message: line)).ToList();
        var content = VectorNdjson.Gzip(events.Select(e => new Dictionary<string, object>
        {
            ["customer_id"] = tenant,
            ["application"] = "shop",
            ["pod_name"] = pod,
            ["message"] = e.Message,
            ["timestamp"] = VectorNdjson.Timestamp(e.Timestamp),
        }));
        return new StagedFile(tenant, "shop", pod, $"{tenant}/prod-cluster-1/shop/{pod}/{first}-{Guid.NewGuid():N}.json.gz", events, content);
    }

    private static async Task<List<string>> MessagesAsync(DeliveryWorld world, string pod)
    {
        var logs = await world.ReadLogsAsync(Account);
        return [.. logs.Where(s => s.Key.Group == Group && s.Key.Stream.StartsWith($"shop-{pod}-", StringComparison.Ordinal))
            .SelectMany(s => s.Value).OrderBy(e => e.Timestamp).Select(e => e.Message)];
    }
}
