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
    /// How long a stream grain waits, when an object arrives at an idle stream, for more objects of the same
    /// stream to share its PutLogEvents requests. Small against the collector's minutes of batching; it lets a
    /// backlog go out as one request per megabyte instead of one per object (account TPS quotas are shared).
    /// </summary>
    public TimeSpan StreamLinger { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a tenant grain saves its counters when they changed.</summary>
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(15);
}
