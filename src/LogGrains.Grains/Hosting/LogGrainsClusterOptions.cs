namespace LogGrains.Grains.Hosting;

/// <summary>
/// The Orleans cluster a silo joins and the CLI's cluster client connects to. Section <c>LogGrains:Cluster</c>; read the
/// same way by both profiles' silos and by the CLI, checked by <see cref="LogGrainsClusterOptionsValidator"/>.
/// </summary>
public sealed class LogGrainsClusterOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Cluster";

    /// <summary>The Orleans membership table's name when <c>LogGrains:Cluster:MembershipTableName</c> is not set.</summary>
    public const string DefaultMembershipTableName = "loggrains-membership";

    /// <summary>The Orleans grain state table's name when <c>LogGrains:Cluster:GrainStateTableName</c> is not set.</summary>
    public const string DefaultGrainStateTableName = "loggrains-grain-state";

    /// <summary>The directory cache's size when <c>LogGrains:Cluster:DirectoryCacheSize</c> is not set.</summary>
    public const int DefaultDirectoryCacheSize = 100_000;

    /// <summary>
    /// A grain call waits this long: a delivery that waits out CloudWatch throttling on a large object takes longer than
    /// Orleans' 30 s default, while the poller's visibility heartbeat keeps the message hidden meanwhile.
    /// </summary>
    public static readonly TimeSpan GrainCallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>The Orleans cluster id (<c>LogGrains:Cluster:ClusterId</c>).</summary>
    public string ClusterId { get; set; } = "loggrains";

    /// <summary>The Orleans service id (<c>LogGrains:Cluster:ServiceId</c>).</summary>
    public string ServiceId { get; set; } = "loggrains";

    /// <summary>The port silos talk to each other on (<c>LogGrains:Cluster:SiloPort</c>).</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>The port clients (the CLI) connect to (<c>LogGrains:Cluster:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The aws profile's Orleans membership table (<c>LogGrains:Cluster:MembershipTableName</c>).</summary>
    public string MembershipTableName { get; set; } = DefaultMembershipTableName;

    /// <summary>The aws profile's grain state table (<c>LogGrains:Cluster:GrainStateTableName</c>).</summary>
    public string GrainStateTableName { get; set; } = DefaultGrainStateTableName;

    /// <summary>
    /// How many grain addresses a silo's directory cache holds (<c>LogGrains:Cluster:DirectoryCacheSize</c>), Orleans'
    /// <c>GrainDirectoryOptions.CacheSize</c>. A silo caches the address of every grain on another silo it calls: the
    /// stream grains of the tenants it hosts, the tenant grains its pollers call. Orleans' default of 1,000,000 allocates
    /// a table for a million entries up front (about 9 MB) and its metrics walk that table every second (about 4 ms of
    /// CPU per second per silo, idle or not); 100,000 holds a silo's share of 300,000 streams on three silos. Beyond it
    /// the least recently used addresses are dropped and looked up again, one directory call, when next called.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = DefaultDirectoryCacheSize;
}
