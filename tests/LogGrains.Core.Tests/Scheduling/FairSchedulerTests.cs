using LogGrains.Core.Scheduling;

namespace LogGrains.Core.Tests.Scheduling;

public sealed class FairSchedulerTests
{
    [Fact]
    public void A_quiet_tenant_starts_on_the_next_turn_behind_a_backlog()
    {
        var scheduler = new FairScheduler<string>(quantum: 1_000, capPerWeight: 100, maxCap: 100);
        for (var i = 0; i < 300; i++)
        {
            scheduler.Enqueue("noisy", $"n{i}", 250);
        }

        Assert.True(scheduler.TryStart(out _, out var first));
        Assert.Equal("n0", first);
        scheduler.Enqueue("quiet", "q0", 100);

        // noisy finishes the turn it began (1,000 credit at 250 each: four objects), then quiet's turn comes.
        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(scheduler.TryStart(out _, out var item));
            order.Add(item);
        }

        Assert.Equal(["n1", "n2", "n3", "q0", "n4"], order);
    }

    [Fact]
    public void A_lone_tenant_uses_the_spare_capacity_up_to_its_cap()
    {
        var scheduler = new FairScheduler<int>(quantum: 10, capPerWeight: 3, maxCap: 8);
        for (var i = 0; i < 20; i++)
        {
            scheduler.Enqueue("noisy", i, 10);
        }

        var started = 0;
        while (scheduler.TryStart(out _, out _))
        {
            started++;
        }

        Assert.Equal(3, started);
        scheduler.SetWeight("noisy", 2);
        Assert.True(scheduler.TryStart(out _, out _));
        Assert.Equal(6, scheduler.CapOf("noisy"));
        scheduler.SetWeight("noisy", 5);
        Assert.Equal(8, scheduler.CapOf("noisy"));
        scheduler.Complete("noisy");
        Assert.Equal(3, scheduler.InFlightCount);
    }

    [Fact]
    public void Objects_of_a_busy_stream_start_beyond_the_stream_cap_and_a_new_stream_waits_for_one_to_finish()
    {
        var scheduler = new FairScheduler<string>(quantum: 10, capPerWeight: 5, maxCap: 64, streamCapPerWeight: 2);
        foreach (var (item, stream) in new[] { ("a1", "a"), ("b1", "b"), ("a2", "a"), ("b2", "b"), ("c1", "c"), ("a3", "a") })
        {
            scheduler.Enqueue("tenant", item, 1, stream);
        }

        var started = new List<string>();
        while (scheduler.TryStart(out _, out var item))
        {
            started.Add(item);
        }

        // Streams a and b are open: their objects start; c1 would be a third stream and waits, and a3 behind it keeps its order.
        Assert.Equal(["a1", "b1", "a2", "b2"], started);
        Assert.Equal(2, scheduler.StreamsInFlightOf("tenant"));
        scheduler.Complete("tenant", "b");
        Assert.False(scheduler.TryStart(out _, out _));
        scheduler.Complete("tenant", "b");
        Assert.True(scheduler.TryStart(out _, out var c1));
        Assert.Equal("c1", c1);
        Assert.True(scheduler.TryStart(out _, out var a3));
        Assert.Equal("a3", a3);
        Assert.Throws<InvalidOperationException>(() => scheduler.Complete("tenant", "b"));
    }

    [Fact]
    public void Taking_the_held_work_leaves_only_what_is_in_flight()
    {
        var scheduler = new FairScheduler<int>(quantum: 10, capPerWeight: 1, maxCap: 1);
        scheduler.Enqueue("a", 1, 1);
        scheduler.Enqueue("a", 2, 1);
        scheduler.Enqueue("b", 3, 1);
        Assert.True(scheduler.TryStart(out var tenant, out _));

        var held = scheduler.TakeAllHeld();

        Assert.Equal(2, held.Count);
        Assert.Equal(0, scheduler.HeldCount);
        Assert.False(scheduler.TryStart(out _, out _));
        Assert.Equal([new TenantLoad(tenant, 0, 1, 1, 0)], scheduler.Loads());
        scheduler.Complete(tenant);
        Assert.Empty(scheduler.Loads());
        Assert.Throws<InvalidOperationException>(() => scheduler.Complete(tenant));
    }
}
