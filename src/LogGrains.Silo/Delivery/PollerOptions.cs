using System.ComponentModel.DataAnnotations;

namespace LogGrains.Silo.Delivery;

/// <summary>How each silo polls the notification queue. Section <c>LogGrains:Poller</c>.</summary>
public sealed class PollerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Poller";

    /// <summary>Concurrent receive loops per silo.</summary>
    [Range(1, 64)]
    public int ReceiveLoops { get; set; } = 2;

    /// <summary>Most messages being worked on at once per silo.</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Long-poll wait per receive (SQS allows up to 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a message stays invisible per heartbeat while it is being delivered.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "12:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often an in-flight message's visibility is extended.</summary>
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
