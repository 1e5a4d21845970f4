using CsCheck;
using LogGrains.Core.Scheduling;

namespace LogGrains.Core.Tests.Scheduling;

public sealed class FairSchedulerProperties
{
    private const long Quantum = 100;

    private static readonly string[] Tenants = ["a", "b", "c", "d", "e"];

    // Enqueue (tenant, cost up to three quanta, so that clamping is exercised), start, complete the i-th in flight, set a weight.
    private static readonly Gen<Op> GenOp = Gen.Frequency(
        (5, Gen.Select(Gen.Int[0, Tenants.Length - 1], Gen.Long[0, 3 * Quantum]).Select((t, cost) => new Op(OpKind.Enqueue, t, cost))),
        (4, Gen.Const(new Op(OpKind.Start, 0, 0))),
        (3, Gen.Int[0, 1000].Select(i => new Op(OpKind.Complete, i, 0))),
        (1, Gen.Select(Gen.Int[0, Tenants.Length - 1], Gen.Int[1, 4]).Select((t, w) => new Op(OpKind.Weight, t, w))));

    private enum OpKind
    {
        Enqueue,
        Start,
        Complete,
        Weight,
    }

    [Fact]
    public void Every_item_starts_exactly_once_in_its_tenants_order_and_caps_hold()
    {
        Gen.Select(GenOp.Array[0, 300], Gen.Int[1, 4], Gen.Int[1, 12]).Sample((ops, capPerWeight, maxCap) =>
        {
            var scheduler = new FairScheduler<int>(Quantum, capPerWeight, maxCap);
            var enqueued = Tenants.ToDictionary(t => t, _ => new List<int>());
            var started = Tenants.ToDictionary(t => t, _ => new List<int>());
            var inFlight = new List<string>();
            var next = 0;

            void Start()
            {
                if (scheduler.TryStart(out var tenant, out var item))
                {
                    started[tenant].Add(item);
                    inFlight.Add(tenant);
                    var mine = inFlight.Count(t => t == tenant);
                    Assert.True(mine <= scheduler.CapOf(tenant), $"tenant {tenant} has {mine} in flight, cap {scheduler.CapOf(tenant)}");
                    Assert.True(mine <= maxCap);
                }
            }

            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case OpKind.Enqueue:
                        scheduler.Enqueue(Tenants[op.A], next, op.B);
                        enqueued[Tenants[op.A]].Add(next++);
                        break;
                    case OpKind.Start:
                        Start();
                        break;
                    case OpKind.Complete when inFlight.Count > 0:
                        var done = inFlight[op.A % inFlight.Count];
                        inFlight.RemoveAt(op.A % inFlight.Count);
                        scheduler.Complete(done);
                        break;
                    case OpKind.Weight:
                        scheduler.SetWeight(Tenants[op.A], (int)op.B);
                        break;
                }

                Assert.Equal(inFlight.Count, scheduler.InFlightCount);
                Assert.Equal(enqueued.Values.Sum(l => l.Count) - started.Values.Sum(l => l.Count), scheduler.HeldCount);
            }

            // Drain: complete everything in flight and start whatever may start, until nothing waits.
            while (scheduler.HeldCount > 0)
            {
                var before = scheduler.HeldCount;
                Start();
                if (scheduler.HeldCount == before)
                {
                    Assert.NotEmpty(inFlight);
                    scheduler.Complete(inFlight[0]);
                    inFlight.RemoveAt(0);
                }
            }

            foreach (var tenant in Tenants)
            {
                Assert.Equal(enqueued[tenant], started[tenant]);
            }
        }, iter: 500);
    }

    [Fact]
    public void A_tenant_with_work_waits_at_most_one_turn_of_each_other_tenant()
    {
        // No caps in the way: every tenant is always eligible, so any wait is the order's doing.
        Gen.Select(Gen.Int[1, 4].Array[Tenants.Length], GenOp.Array[0, 400]).Sample((weights, ops) =>
        {
            var scheduler = new FairScheduler<int>(Quantum, 10_000, 10_000);
            for (var i = 0; i < Tenants.Length; i++)
            {
                scheduler.SetWeight(Tenants[i], weights[i]);
            }

            var held = Tenants.ToDictionary(t => t, _ => 0);

            // servedWhileWaiting[x][o]: cost started for o since x last started or got work into an empty queue.
            var servedWhileWaiting = Tenants.ToDictionary(t => t, _ => Tenants.ToDictionary(o => o, _ => 0L));
            var costs = new Dictionary<int, long>();
            var next = 0;
            foreach (var op in ops)
            {
                if (op.Kind == OpKind.Enqueue)
                {
                    var tenant = Tenants[op.A];
                    if (held[tenant] == 0)
                    {
                        foreach (var o in Tenants)
                        {
                            servedWhileWaiting[tenant][o] = 0;
                        }
                    }

                    costs[next] = Math.Clamp(op.B, 1, Quantum);
                    scheduler.Enqueue(tenant, next++, op.B);
                    held[tenant]++;
                }
                else if (op.Kind is OpKind.Start or OpKind.Complete && scheduler.TryStart(out var tenant, out var item))
                {
                    held[tenant]--;
                    foreach (var o in Tenants)
                    {
                        servedWhileWaiting[tenant][o] = 0;
                    }

                    foreach (var waiting in Tenants.Where(t => t != tenant && held[t] > 0))
                    {
                        servedWhileWaiting[waiting][tenant] += costs[item];
                        var bound = (scheduler.WeightOf(tenant) + 1) * Quantum;
                        Assert.True(
                            servedWhileWaiting[waiting][tenant] <= bound,
                            $"{waiting} has waited while {tenant} (weight {scheduler.WeightOf(tenant)}) started {servedWhileWaiting[waiting][tenant]} > {bound}");
                    }
                }
            }
        }, iter: 500);
    }

    [Fact]
    public void Two_busy_tenants_share_in_proportion_to_their_weights()
    {
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Long[1, Quantum].Array[400]).Sample((w1, w2, costs) =>
        {
            var scheduler = new FairScheduler<long>(Quantum, 10_000, 10_000);
            scheduler.SetWeight("a", w1);
            scheduler.SetWeight("b", w2);
            var index = 0;
            for (var i = 0; i < 4; i++)
            {
                scheduler.Enqueue("a", costs[index], costs[index++]);
                scheduler.Enqueue("b", costs[index], costs[index++]);
            }

            var served = new Dictionary<string, long> { ["a"] = 0, ["b"] = 0 };
            while (index < costs.Length)
            {
                Assert.True(scheduler.TryStart(out var tenant, out var cost));
                scheduler.Complete(tenant);
                served[tenant] += cost;

                // Both stay busy: every item started is replaced.
                scheduler.Enqueue(tenant, costs[index], costs[index++]);
                var normalisedGap = Math.Abs(((double)served["a"] / w1) - ((double)served["b"] / w2));
                Assert.True(normalisedGap <= 3 * Quantum, $"a {served["a"]} (w {w1}) vs b {served["b"]} (w {w2}): gap {normalisedGap} per weight");
            }
        }, iter: 300);
    }

    [Fact]
    public void When_caps_bind_a_busy_tenant_is_filled_to_its_cap_so_slots_split_by_weight()
    {
        // The poller's loop: start while the silo has a free slot, then one delivery (any of those in flight) ends.
        Gen.Select(Gen.Int[1, 5], Gen.Int[1, 5], Gen.Int[1, 4], Gen.Int[1, 40], Gen.Int[0, int.MaxValue].Array[300]).Sample((w1, w2, capPerWeight, slots, picks) =>
        {
            var scheduler = new FairScheduler<int>(Quantum, capPerWeight, slots);
            scheduler.SetWeight("a", w1);
            scheduler.SetWeight("b", w2);
            var inFlight = new List<string>();
            var count = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0 };
            foreach (var pick in picks)
            {
                // Both tenants keep a backlog.
                foreach (var tenant in (string[])["a", "b"])
                {
                    while ((scheduler.Loads().SingleOrDefault(l => l.Tenant == tenant)?.Held ?? 0) <= slots)
                    {
                        scheduler.Enqueue(tenant, 0, Quantum / 2);
                    }
                }

                while (inFlight.Count < slots && scheduler.TryStart(out var tenant, out _))
                {
                    inFlight.Add(tenant);
                    count[tenant]++;
                }

                var capA = scheduler.CapOf("a");
                var capB = scheduler.CapOf("b");
                Assert.True(count["a"] <= capA && count["b"] <= capB, $"a {count["a"]}/{capA}, b {count["b"]}/{capB}");

                // No free slot stays idle while a tenant below its cap has work.
                Assert.True(inFlight.Count == slots || (count["a"] == capA && count["b"] == capB), $"{inFlight.Count} of {slots} slots used, a {count["a"]}/{capA}, b {count["b"]}/{capB}");
                if (capA + capB <= slots)
                {
                    // Both caps bind: the slots split exactly by the caps, that is by weight (unless the ceiling clips one).
                    Assert.Equal((capA, capB), (count["a"], count["b"]));
                    Assert.Equal(Math.Min(slots, capPerWeight * w1) * (long)Math.Min(slots, capPerWeight * w2), (long)capA * capB);
                }

                var done = pick % inFlight.Count;
                scheduler.Complete(inFlight[done]);
                count[inFlight[done]]--;
                inFlight.RemoveAt(done);
            }
        }, iter: 300);
    }

    [Fact]
    public void The_stream_cap_bounds_a_tenants_streams_in_flight_while_objects_of_those_streams_still_start()
    {
        // Enqueue (tenant, stream of four), start, complete the i-th in flight, set a weight.
        var genOp = Gen.Frequency(
            (5, Gen.Select(Gen.Int[0, Tenants.Length - 1], Gen.Int[0, 3]).Select((t, stream) => new Op(OpKind.Enqueue, t, stream))),
            (4, Gen.Const(new Op(OpKind.Start, 0, 0))),
            (3, Gen.Int[0, 1000].Select(i => new Op(OpKind.Complete, i, 0))),
            (1, Gen.Select(Gen.Int[0, Tenants.Length - 1], Gen.Int[1, 3]).Select((t, w) => new Op(OpKind.Weight, t, w))));
        Gen.Select(genOp.Array[0, 300], Gen.Int[1, 6], Gen.Int[1, 3], Gen.Int[1, 12]).Sample((ops, capPerWeight, streamCapPerWeight, maxCap) =>
        {
            var scheduler = new FairScheduler<int>(Quantum, capPerWeight, maxCap, streamCapPerWeight);
            var waiting = Tenants.ToDictionary(t => t, _ => new Queue<(int Item, string Stream)>());
            var streamOf = new Dictionary<int, string>();
            var inFlight = new List<(string Tenant, int Item)>();
            var next = 0;

            bool Start()
            {
                if (!scheduler.TryStart(out var tenant, out var item))
                {
                    // Nothing may start: every tenant with work is held back by its cap or by its stream cap.
                    foreach (var t in Tenants.Where(t => waiting[t].Count > 0))
                    {
                        var mine = inFlight.Where(f => f.Tenant == t).ToList();
                        var streams = mine.Select(f => streamOf[f.Item]).Distinct().ToList();
                        var head = waiting[t].Peek().Stream;
                        Assert.True(
                            mine.Count >= scheduler.CapOf(t) || (!streams.Contains(head) && streams.Count >= scheduler.StreamCapOf(t)),
                            $"{t} has work ({head} next) but nothing started: {mine.Count}/{scheduler.CapOf(t)} objects, {streams.Count}/{scheduler.StreamCapOf(t)} streams");
                    }

                    return false;
                }

                Assert.Equal(waiting[tenant].Dequeue().Item, item);
                var opened = !inFlight.Any(f => f.Tenant == tenant && streamOf[f.Item] == streamOf[item]);
                inFlight.Add((tenant, item));
                var objects = inFlight.Count(f => f.Tenant == tenant);
                var open = inFlight.Where(f => f.Tenant == tenant).Select(f => streamOf[f.Item]).Distinct().Count();
                Assert.True(objects <= scheduler.CapOf(tenant), $"{tenant}: {objects} objects in flight, cap {scheduler.CapOf(tenant)}");

                // A lowered weight can leave more streams open than the cap; an item that opens one more never starts then.
                Assert.True(!opened || open <= scheduler.StreamCapOf(tenant), $"{tenant}: opened a stream, {open} in flight, stream cap {scheduler.StreamCapOf(tenant)}");
                Assert.Equal(open, scheduler.StreamsInFlightOf(tenant));
                return true;
            }

            void Complete(int index)
            {
                var (tenant, item) = inFlight[index];
                inFlight.RemoveAt(index);
                scheduler.Complete(tenant, streamOf[item]);
            }

            foreach (var op in ops)
            {
                switch (op.Kind)
                {
                    case OpKind.Enqueue:
                        var stream = $"pod-{op.B}";
                        streamOf[next] = stream;
                        scheduler.Enqueue(Tenants[op.A], next, Quantum / 4, stream);
                        waiting[Tenants[op.A]].Enqueue((next++, stream));
                        break;
                    case OpKind.Start:
                        Start();
                        break;
                    case OpKind.Complete when inFlight.Count > 0:
                        Complete(op.A % inFlight.Count);
                        break;
                    case OpKind.Weight:
                        scheduler.SetWeight(Tenants[op.A], (int)op.B);
                        break;
                }
            }

            // Nothing is dropped: completing what is in flight lets every waiting item start, in its tenant's order.
            while (waiting.Values.Any(q => q.Count > 0))
            {
                if (!Start())
                {
                    Assert.NotEmpty(inFlight);
                    Complete(0);
                }
            }
        }, iter: 500);
    }

    private sealed record Op(OpKind Kind, int A, long B);
}
