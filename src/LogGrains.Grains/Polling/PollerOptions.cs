using System.ComponentModel.DataAnnotations;

namespace LogGrains.Grains.Polling;

/// <summary>How each silo polls the notification queue. Section <c>LogGrains:Poller</c>.</summary>
public sealed class PollerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Poller";

    /// <summary>Concurrent receive loops per silo.</summary>
    [Range(1, 64)]
    public int ReceiveLoops { get; set; } = 2;

    /// <summary>Most objects being delivered at once per silo (handed to their tenant grains and not yet answered).</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>
    /// Most messages a silo holds beyond those in delivery: received, kept invisible by the heartbeat, and waiting for their
    /// tenant's turn. The silo receives while it holds fewer than <see cref="MaxInFlight"/> + this many messages, so it can
    /// look past one tenant's backlog to the others' objects. 0 receives only when a delivery slot is free.
    /// </summary>
    [Range(0, 100_000, ErrorMessage = "LogGrains:Poller:MaxHeld must be between 0 and 100000.")]
    public int MaxHeld { get; set; } = 512;

    /// <summary>
    /// Most objects of one tenant of weight 1 in delivery at once per silo; a tenant of weight w may have w times as many,
    /// never more than <see cref="MaxInFlight"/>. Below <see cref="MaxInFlight"/>, the rest is always free for other tenants.
    /// Objects of a busy stream are delivered together (several to a request), so this bounds how fast one tenant's busy
    /// streams drain; <see cref="MaxStreamsPerTenant"/> bounds how many requests the tenant has in flight.
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "LogGrains:Poller:MaxInFlightPerTenant must be between 1 and 10000.")]
    public int MaxInFlightPerTenant { get; set; } = 48;

    /// <summary>
    /// Most log streams of one tenant of weight 1 with objects in delivery at once per silo (w times as many for weight w,
    /// never more than <see cref="MaxInFlight"/>): each stream has one PutLogEvents request in flight at a time, so this
    /// bounds the downstream calls a tenant's backlog makes in parallel, which a quiet tenant's objects share. More objects
    /// of a stream already in delivery may start (up to <see cref="MaxInFlightPerTenant"/>): they join its requests.
    /// Streams are counted by cluster, application, pod and event day (docs/DELIVERY.md "Fair share").
    /// </summary>
    [Range(1, 10_000, ErrorMessage = "LogGrains:Poller:MaxStreamsPerTenant must be between 1 and 10000.")]
    public int MaxStreamsPerTenant { get; set; } = 8;

    /// <summary>
    /// Bytes of staged objects a tenant of weight 1 may start per turn of the fair order (deficit round robin); a tenant of
    /// weight w gets w times as many. An object counts its size, at most one quantum, so every turn starts at least one.
    /// </summary>
    [Range(1024L, 1L << 40, ErrorMessage = "LogGrains:Poller:FairShareQuantum must be between 1024 and 2^40 bytes.")]
    public long FairShareQuantum { get; set; } = 256 * 1024;

    /// <summary>How long the poller uses a tenant's weight, learned from its tenant grain, before it asks again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "LogGrains:Poller:WeightRefreshInterval must be between 1 s and 1 h.")]
    public TimeSpan WeightRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Long-poll wait per receive (SQS allows up to 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a message stays invisible per heartbeat while it is being delivered.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How often a held message's visibility is extended: every 0.75–1 × this (the silo's one heartbeat loop runs every
    /// quarter interval and extends, ten to a call, the messages last extended at least three quarters ago).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Receives after which a message that still fails (transient or tenant-blocked) is dead-lettered.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First visibility backoff after a failed attempt; doubles per receive.</summary>
    public TimeSpan RetryBackoffBase { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest visibility backoff.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan RetryBackoffMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The key layout template of the staging bucket.</summary>
    [Required]
    public string KeyTemplate { get; set; } = Core.Keys.KeyLayout.DefaultTemplate;
}
