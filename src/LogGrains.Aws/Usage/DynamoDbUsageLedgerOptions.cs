namespace LogGrains.Aws.Usage;

/// <summary>Settings of <see cref="DynamoDbUsageLedger"/> (section <c>LogGrains:Usage</c>, plus the cluster's region and endpoint).</summary>
public sealed class DynamoDbUsageLedgerOptions
{
    /// <summary>The configuration section of the usage settings.</summary>
    public const string SectionName = "LogGrains:Usage";

    /// <summary>The configuration key of <see cref="TableName"/>.</summary>
    public const string TableNameSetting = "LogGrains:Usage:TableName";

    /// <summary>The table's name when <see cref="TableNameSetting"/> is not set.</summary>
    public const string DefaultTableName = "loggrains-usage";

    /// <summary>The usage table (<c>LogGrains:Usage:TableName</c>): hash key <c>tenant_id</c>, range key <c>record_key</c>, TTL on <c>expires_at</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The table's region (<c>LogGrains:Aws:Region</c>). Required: no silent us-east-1.</summary>
    public string Region { get; set; } = "";

    /// <summary>An explicit DynamoDB endpoint (an emulator); requests are still signed for <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// How long after its day an entry's id is remembered (<c>LogGrains:Usage:IdRetention</c>): an entry recorded again
    /// within it is ignored. At least the staging retention (7 days), within which an object can be announced again.
    /// Default 8 days.
    /// </summary>
    public TimeSpan IdRetention { get; set; } = TimeSpan.FromDays(8);

    /// <summary>Whether a missing table is created (on-demand capacity, TTL on <c>expires_at</c>) on first use, as the checkpoint table is.</summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>How long one DynamoDB request may take before it fails as transient. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the SDK retries a throttled or failed request before the ledger gives up. Default 3.</summary>
    public int MaxErrorRetry { get; set; } = 3;
}
