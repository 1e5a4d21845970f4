using System.ComponentModel.DataAnnotations;
using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;

namespace LogGrains.Grains;

/// <summary>How the grains deliver: limits, retries, caches and naming. Section <c>LogGrains:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Delivery";

    /// <summary>The PutLogEvents limits the planner keeps.</summary>
    public BatchLimits Limits { get; set; } = new();

    /// <summary>Decoder settings (chunk size, largest record).</summary>
    public DecodeOptions Decode { get; set; } = new();

    /// <summary>Attempts per batch for throttling and transient errors before the object is left for a later retry.</summary>
    [Range(1, 50)]
    public int MaxPutAttempts { get; set; } = 8;

    /// <summary>First backoff delay; doubles per attempt, with full jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest backoff delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a tenant's configuration is used before it is read again.</summary>
    public TimeSpan ConfigCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a tenant's circuit stays open after it was blocked (AccessDenied and the like).</summary>
    public TimeSpan TenantBlockedCooldown { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long after a request was sent its events may still be unreadable (CloudWatch's read-after-write delay). A stream
    /// that reads back a request recorded in flight but not confirmed concludes "not accepted" only once the request is
    /// this old, waiting out the rest; events that become readable later than this are sent again (the residual duplicate).
    /// </summary>
    public TimeSpan ReadbackSettleTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long per-object checkpoints are kept (the staging bucket's retention).</summary>
    public TimeSpan CheckpointRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The log stream name template.</summary>
    [Required]
    public string StreamNameTemplate { get; set; } = Core.Tenants.StreamNameTemplate.DefaultTemplate;

    /// <summary>What to do with objects of tenants that have no configuration.</summary>
    public UnknownTenantPolicy UnknownTenant { get; set; } = UnknownTenantPolicy.DeadLetter;

    /// <summary>The cluster's region: the default <c>target_region</c> of tenant configs.</summary>
    [Required]
    public string ClusterRegion { get; set; } = string.Empty;

    /// <summary>The central account id: the default <c>external_id</c> of tenant configs.</summary>
    [Required]
    public string CentralAccountId { get; set; } = string.Empty;

    /// <summary>
    /// How long a busy stream grain waits for more objects of the same stream to share its PutLogEvents requests: it
    /// waits when an object finds the stream idle but came within <see cref="BusyStreamWindow"/> of the stream's
    /// previous object (otherwise it waits only <see cref="IdleStreamLinger"/>). Objects that arrive while a request is
    /// out join the next request anyway, so a backlog still goes out as one request per megabyte rather than one per
    /// object (account TPS quotas are shared). 0 never waits.
    /// </summary>
    public TimeSpan StreamLinger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a stream grain waits when an object finds the stream idle and the previous object came longer than
    /// <see cref="BusyStreamWindow"/> ago, or is the activation's first: just long enough for objects the poller
    /// announced together to share a request, short against an object's delivery time so that a quiet stream's latency,
    /// and a tenant's throughput under its <c>MaxInFlightPerTenant</c> cap, do not pay <see cref="StreamLinger"/>.
    /// </summary>
    public TimeSpan IdleStreamLinger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How recent the stream's previous object must be for the stream to count as busy (and linger
    /// <see cref="StreamLinger"/>). Several seconds, not one: a busy stream's objects reach it in the bursts the poller
    /// receives (up to ten messages per receive, a receive every second or two under load), and the gaps between bursts
    /// must not make each burst go out alone.
    /// </summary>
    public TimeSpan BusyStreamWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a stream grain waits before its next round, for an object that finds it idle.</summary>
    /// <param name="previousArrival">When the stream's previous object arrived; null for the activation's first.</param>
    /// <param name="now">When this object arrived.</param>
    /// <returns>
    /// <see cref="StreamLinger"/> for a busy stream (previous object within <see cref="BusyStreamWindow"/>), else
    /// <see cref="IdleStreamLinger"/>.
    /// </returns>
    internal TimeSpan LingerAfter(DateTimeOffset? previousArrival, DateTimeOffset now) =>
        now - previousArrival < BusyStreamWindow ? StreamLinger : IdleStreamLinger;

    /// <summary>How often a tenant grain saves its counters when they changed.</summary>
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(15);
}
