using LogGrains.Abstractions;
using LogGrains.Core.Ports;
using LogGrains.Testing.Ports;

namespace LogGrains.Grains.Tests;

/// <summary>The tenant grain: routing to its stream, the tenant directory, and the circuit breaker (driven by the silo's shifted clock).</summary>
public sealed class TenantGrainTests(GrainWorld world) : IClassFixture<GrainWorld>
{
    [Fact]
    public async Task Delivered_object_reaches_its_stream_and_the_tenant_is_listed_in_the_directory()
    {
        var tenant = NewTenant("route");
        var file = Stage(tenant);

        var outcome = await Tenant(tenant).Deliver(file.Staged);

        Assert.Equal((DeliveryStatus.Delivered, 10L), (outcome.Status, outcome.Events));
        Assert.Equal(file.Messages, world.Destination.Accepted(StreamOf(file)).Select(e => e.Message));
        Assert.Contains(tenant, await world.Grains.GetGrain<ITenantDirectoryGrain>(0).List());
        var stats = await Tenant(tenant).GetStats();
        Assert.Equal((1L, 10L), (stats.Objects, stats.Events));
    }

    [Fact]
    public async Task Tenant_whose_role_refuses_AssumeRole_opens_its_circuit_and_later_objects_wait_without_calling_sts()
    {
        var tenant = NewTenant("blocked");
        world.Broker.Fail(tenant, DeliveryErrorClass.TenantBlocked);

        var firstObject = Stage(tenant).Staged;
        var secondObject = Stage(tenant).Staged;
        var first = await Tenant(tenant).Deliver(firstObject);
        var second = await Tenant(tenant).Deliver(secondObject);

        Assert.Equal(DeliveryStatus.TenantBlocked, first.Status);
        Assert.Equal(DeliveryStatus.TenantBlocked, second.Status);
        Assert.Contains("is blocked until", second.Reason, StringComparison.Ordinal);

        // Each reason (a dead letter's loggrains-reason) names its own object first, though the broker's error names none.
        Assert.StartsWith($"TenantBlocked: sts:AssumeRole failed for tenant '{tenant}', object '{firstObject.Key}'", first.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"object '{secondObject.Key}' not attempted", second.Reason, StringComparison.Ordinal);
        Assert.Equal(1, world.Broker.Calls(tenant));
    }

    [Fact]
    public async Task Circuit_stays_open_for_the_cooldown_and_closes_when_the_next_delivery_after_it_succeeds()
    {
        var tenant = NewTenant("recover");
        world.Broker.Fail(tenant, DeliveryErrorClass.TenantBlocked);
        Assert.Equal(DeliveryStatus.TenantBlocked, (await Tenant(tenant).Deliver(Stage(tenant).Staged)).Status);
        world.Broker.Fail(tenant, null);

        var duringCooldown = await Tenant(tenant).Deliver(Stage(tenant).Staged);
        world.Clock.Advance(GrainWorld.Cooldown + TimeSpan.FromSeconds(1));
        var file = Stage(tenant);
        var afterCooldown = await Tenant(tenant).Deliver(file.Staged);
        var next = await Tenant(tenant).Deliver(Stage(tenant).Staged);

        Assert.Equal(DeliveryStatus.TenantBlocked, duringCooldown.Status);
        Assert.Equal(DeliveryStatus.Delivered, afterCooldown.Status);
        Assert.Equal(DeliveryStatus.Delivered, next.Status);
        Assert.Equal(3, world.Broker.Calls(tenant));
        Assert.Equal(file.Messages, world.Destination.Accepted(StreamOf(file)).Take(file.Messages.Count).Select(e => e.Message));
    }

    [Fact]
    public async Task Circuit_opens_again_when_the_first_delivery_after_the_cooldown_is_refused_too()
    {
        var tenant = NewTenant("relapse");
        world.Broker.Fail(tenant, DeliveryErrorClass.TenantBlocked);
        await Tenant(tenant).Deliver(Stage(tenant).Staged);

        world.Clock.Advance(GrainWorld.Cooldown + TimeSpan.FromSeconds(1));
        var probe = await Tenant(tenant).Deliver(Stage(tenant).Staged);
        var afterProbe = await Tenant(tenant).Deliver(Stage(tenant).Staged);

        Assert.Equal(DeliveryStatus.TenantBlocked, probe.Status);
        Assert.Equal(DeliveryStatus.TenantBlocked, afterProbe.Status);
        Assert.Contains("is blocked until", afterProbe.Reason, StringComparison.Ordinal);
        Assert.Equal(2, world.Broker.Calls(tenant));
    }

    [Fact]
    public async Task Stream_the_customers_account_refuses_to_create_opens_the_circuit_and_nothing_is_sent()
    {
        var tenant = NewTenant("no-create");
        var file = Stage(tenant);
        world.Destination.FailEnsures(StreamOf(file), DeliveryErrorClass.TenantBlocked);

        var first = await Tenant(tenant).Deliver(file.Staged);
        var second = await Tenant(tenant).Deliver(file.Staged);

        Assert.Equal(DeliveryStatus.TenantBlocked, first.Status);
        Assert.Equal(DeliveryStatus.TenantBlocked, second.Status);
        Assert.Equal(1, world.Destination.Ensures(StreamOf(file)));
        Assert.Empty(world.Destination.Requests(StreamOf(file)));
    }

    [Fact]
    public async Task Transient_failures_leave_the_circuit_closed()
    {
        var tenant = NewTenant("transient");
        world.Broker.Fail(tenant, DeliveryErrorClass.Transient);

        var first = await Tenant(tenant).Deliver(Stage(tenant).Staged);
        var second = await Tenant(tenant).Deliver(Stage(tenant).Staged);

        Assert.Equal(DeliveryStatus.Transient, first.Status);
        Assert.Equal(DeliveryStatus.Transient, second.Status);
        Assert.Equal(2, world.Broker.Calls(tenant));
    }

    private string NewTenant(string name)
    {
        var tenant = GrainWorld.Unique(name);
        world.Tenants.Set(tenant, FakeTenantStore.CloudWatch(tenant, GrainWorld.LogGroup));
        return tenant;
    }

    private ITenantGrain Tenant(string tenant) => world.Grains.GetGrain<ITenantGrain>(tenant);

    private StagedFile Stage(string tenant)
    {
        var file = StagedFile.Create(tenant, "app", "pod-0", 10, DateTimeOffset.UtcNow.AddHours(-1));
        world.Objects.Put(file.Key, file.Content);
        return file;
    }

    /// <summary>The stream the default template names: <c>{application}-{pod_name}-{date}</c>.</summary>
    private static LogTarget StreamOf(StagedFile file) =>
        new(file.Staged.Tenant, GrainWorld.Region, GrainWorld.LogGroup, $"{file.Staged.Application}-{file.Staged.PodName}-{file.Staged.EventTime.UtcDateTime:yyyy-MM-dd}");
}
