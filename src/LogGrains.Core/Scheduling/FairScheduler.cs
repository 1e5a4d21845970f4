namespace LogGrains.Core.Scheduling;

/// <summary>
/// Orders work between tenants by deficit round robin: each tenant with work waiting has its own FIFO queue; the
/// tenants take turns, and on its turn a tenant is credited <see cref="Quantum"/> × its weight and may start work
/// until its credit is spent. A tenant at its cap on work in flight is passed over without credit, and so is a tenant
/// whose next item would open one stream more than its stream cap allows (items of a stream that already has an item in
/// flight do not count against that cap: they share the stream's requests downstream). A tenant with a
/// backlog therefore uses every turn the others leave, while a tenant that gets work waits at most one turn of each
/// other tenant. A tenant passed over at its cap loses the rest of its turn's credit. Pure and single-threaded: the
/// caller serialises every call.
/// </summary>
/// <remarks>
/// An item's cost is clamped to [1, <see cref="Quantum"/>], so a tenant always starts at least one item on its turn:
/// "one round" is bounded by the weights, not by the largest object.
/// </remarks>
/// <typeparam name="T">The work item.</typeparam>
public sealed class FairScheduler<T>
{
    private readonly Dictionary<string, TenantQueue> _tenants = new(StringComparer.Ordinal);
    private readonly LinkedList<TenantQueue> _ring = new();
    private LinkedListNode<TenantQueue>? _turn;
    private int _held;
    private int _inFlight;

    /// <summary>Creates a scheduler without a stream cap.</summary>
    /// <param name="quantum">Credit per turn for weight 1, in the unit of the items' cost (bytes for objects).</param>
    /// <param name="capPerWeight">Most items in flight per tenant for weight 1; a tenant of weight w may have w times as many.</param>
    /// <param name="maxCap">The ceiling of every tenant's cap, whatever its weight.</param>
    public FairScheduler(long quantum, int capPerWeight, int maxCap)
        : this(quantum, capPerWeight, maxCap, int.MaxValue)
    {
    }

    /// <summary>Creates a scheduler.</summary>
    /// <param name="quantum">Credit per turn for weight 1, in the unit of the items' cost (bytes for objects).</param>
    /// <param name="capPerWeight">Most items in flight per tenant for weight 1; a tenant of weight w may have w times as many.</param>
    /// <param name="maxCap">The ceiling of every tenant's cap and stream cap, whatever its weight.</param>
    /// <param name="streamCapPerWeight">Most distinct streams with items in flight per tenant for weight 1 (w times as many for weight w).</param>
    public FairScheduler(long quantum, int capPerWeight, int maxCap, int streamCapPerWeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantum, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capPerWeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCap, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(streamCapPerWeight, 1);
        Quantum = quantum;
        CapPerWeight = capPerWeight;
        MaxCap = maxCap;
        StreamCapPerWeight = streamCapPerWeight;
    }

    /// <summary>Credit per turn for weight 1.</summary>
    public long Quantum { get; }

    /// <summary>Most items in flight per tenant for weight 1.</summary>
    public int CapPerWeight { get; }

    /// <summary>The ceiling of every tenant's cap.</summary>
    public int MaxCap { get; }

    /// <summary>Most distinct streams with items in flight per tenant for weight 1.</summary>
    public int StreamCapPerWeight { get; }

    /// <summary>Items waiting, all tenants.</summary>
    public int HeldCount => _held;

    /// <summary>Items started and not completed, all tenants.</summary>
    public int InFlightCount => _inFlight;

    /// <summary>The most items <paramref name="tenant"/> may have in flight.</summary>
    public int CapOf(string tenant) => CapFor(WeightOf(tenant));

    /// <summary>The most distinct streams <paramref name="tenant"/> may have items in flight in.</summary>
    public int StreamCapOf(string tenant) => StreamCapFor(WeightOf(tenant));

    /// <summary>How many distinct streams <paramref name="tenant"/> has items in flight in.</summary>
    public int StreamsInFlightOf(string tenant) => _tenants.TryGetValue(tenant, out var queue) ? queue.Streams.Count : 0;

    /// <summary>The weight of <paramref name="tenant"/> (1 until set).</summary>
    public int WeightOf(string tenant) => _tenants.TryGetValue(tenant, out var queue) ? queue.Weight : 1;

    /// <summary>Sets a tenant's weight (at least 1); it applies from the tenant's next turn.</summary>
    public void SetWeight(string tenant, int weight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(weight, 1);
        Queue(tenant).Weight = weight;
    }

    /// <summary>Adds an item that belongs to no stream (not limited by the stream cap) at the end of its tenant's queue.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="item">The work.</param>
    /// <param name="cost">Its cost (an object's size); clamped to [1, <see cref="Quantum"/>].</param>
    public void Enqueue(string tenant, T item, long cost) => Enqueue(tenant, item, cost, null);

    /// <summary>Adds an item at the end of its tenant's queue.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="item">The work.</param>
    /// <param name="cost">Its cost (an object's size); clamped to [1, <see cref="Quantum"/>].</param>
    /// <param name="stream">The stream it goes to (give the same to <see cref="Complete(string, string?)"/>); null for none.</param>
    public void Enqueue(string tenant, T item, long cost, string? stream)
    {
        var queue = Queue(tenant);
        queue.Items.Enqueue((item, Math.Clamp(cost, 1, Quantum), stream));
        _held++;
        if (queue.Node is null)
        {
            // A tenant that gets work joins the round just before the tenant whose turn it is: it waits one turn of each other tenant at most.
            queue.Node = _turn is null ? _ring.AddLast(queue) : _ring.AddBefore(_turn, queue);
            queue.Deficit = 0;
            queue.OnTurn = false;
        }
    }

    /// <summary>Takes the next item in fair order and counts it in flight; false when nothing may start now.</summary>
    public bool TryStart(out string tenant, out T item)
    {
        // Every tenant with work is visited at most twice: once to end a turn already begun, once for a fresh turn.
        for (var steps = (2 * _ring.Count) + 1; steps > 0 && _ring.Count > 0; steps--)
        {
            _turn ??= _ring.First!;
            var queue = _turn.Value;
            var (next, cost, stream) = queue.Items.Peek();
            if (queue.InFlight >= CapFor(queue.Weight) || !MayOpen(queue, stream))
            {
                // A tenant at its cap ends its turn and forfeits the credit left: credit kept across capped turns would
                // add up and let it take more than its weight's share once it is below its cap again. Its items keep
                // their order: one for a new stream at the stream cap waits, and those behind it too.
                queue.OnTurn = false;
                queue.Deficit = 0;
                Advance();
                continue;
            }

            if (!queue.OnTurn)
            {
                queue.OnTurn = true;
                queue.Deficit += Quantum * queue.Weight;
            }

            if (queue.Deficit < cost)
            {
                queue.OnTurn = false;
                Advance();
                continue;
            }

            queue.Items.Dequeue();
            queue.Deficit -= cost;
            queue.InFlight++;
            if (stream is not null)
            {
                queue.Streams[stream] = queue.Streams.GetValueOrDefault(stream) + 1;
            }

            _held--;
            _inFlight++;
            if (queue.Items.Count == 0)
            {
                Leave(queue);
            }

            tenant = queue.Tenant;
            item = next;
            return true;
        }

        tenant = string.Empty;
        item = default!;
        return false;
    }

    /// <summary>An item of <paramref name="tenant"/> that <see cref="TryStart"/> returned has finished.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="stream">The item's stream, as enqueued; null for none.</param>
    /// <exception cref="InvalidOperationException">The tenant has nothing in flight, or nothing in flight in <paramref name="stream"/>.</exception>
    public void Complete(string tenant, string? stream = null)
    {
        if (!_tenants.TryGetValue(tenant, out var queue) || queue.InFlight == 0)
        {
            throw new InvalidOperationException($"tenant '{tenant}' has no work in flight to complete");
        }

        if (stream is not null)
        {
            if (!queue.Streams.TryGetValue(stream, out var items))
            {
                throw new InvalidOperationException($"tenant '{tenant}' has no work in flight in stream '{stream}' to complete");
            }

            if (items == 1)
            {
                queue.Streams.Remove(stream);
            }
            else
            {
                queue.Streams[stream] = items - 1;
            }
        }

        queue.InFlight--;
        _inFlight--;
        Forget(queue);
    }

    /// <summary>Removes every waiting item (at shutdown), in tenant order then FIFO; items in flight stay counted.</summary>
    public IReadOnlyList<(string Tenant, T Item)> TakeAllHeld()
    {
        var taken = new List<(string, T)>(_held);
        foreach (var queue in _ring.ToList())
        {
            while (queue.Items.Count > 0)
            {
                taken.Add((queue.Tenant, queue.Items.Dequeue().Item));
            }

            Leave(queue);
        }

        _held = 0;
        return taken;
    }

    /// <summary>Every tenant with work waiting or in flight, with its counts and weight.</summary>
    public IReadOnlyList<TenantLoad> Loads() =>
        _tenants.Values.Where(q => q.Items.Count + q.InFlight > 0).Select(q => new TenantLoad(q.Tenant, q.Items.Count, q.InFlight, q.Weight, q.Streams.Count)).ToList();

    private int CapFor(int weight) => (int)Math.Min(MaxCap, (long)CapPerWeight * weight);

    private int StreamCapFor(int weight) => (int)Math.Min(MaxCap, (long)StreamCapPerWeight * weight);

    /// <summary>Whether an item of <paramref name="stream"/> may start: no stream, a stream already in flight, or room for one more.</summary>
    private bool MayOpen(TenantQueue queue, string? stream) =>
        stream is null || queue.Streams.ContainsKey(stream) || queue.Streams.Count < StreamCapFor(queue.Weight);

    private TenantQueue Queue(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!_tenants.TryGetValue(tenant, out var queue))
        {
            queue = new TenantQueue(tenant);
            _tenants[tenant] = queue;
        }

        return queue;
    }

    private void Advance() => _turn = _turn?.Next ?? _ring.First;

    private void Leave(TenantQueue queue)
    {
        if (queue.Node is { } node)
        {
            if (_turn == node)
            {
                Advance();
                if (_turn == node)
                {
                    _turn = null;
                }
            }

            _ring.Remove(node);
            queue.Node = null;
        }

        queue.Deficit = 0;
        queue.OnTurn = false;
        Forget(queue);
    }

    private void Forget(TenantQueue queue)
    {
        // A tenant with nothing waiting or in flight keeps only its weight, and only when it is not the default.
        if (queue.Node is null && queue.InFlight == 0 && queue.Weight == 1)
        {
            _tenants.Remove(queue.Tenant);
        }
    }

    private sealed class TenantQueue(string tenant)
    {
        public string Tenant { get; } = tenant;

        public Queue<(T Item, long Cost, string? Stream)> Items { get; } = new();

        /// <summary>Items in flight per stream (streams with none are removed).</summary>
        public Dictionary<string, int> Streams { get; } = new(StringComparer.Ordinal);

        public LinkedListNode<TenantQueue>? Node { get; set; }

        public long Deficit { get; set; }

        public bool OnTurn { get; set; }

        public int InFlight { get; set; }

        public int Weight { get; set; } = 1;
    }
}
