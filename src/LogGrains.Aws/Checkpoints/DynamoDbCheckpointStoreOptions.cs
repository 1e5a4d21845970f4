namespace LogGrains.Aws.Checkpoints;

/// <summary>Settings of <see cref="DynamoDbCheckpointStore"/>.</summary>
public sealed class DynamoDbCheckpointStoreOptions
{
    /// <summary>The configuration key of <see cref="TableName"/>.</summary>
    public const string TableNameSetting = "LogGrains:Delivery:CheckpointTableName";

    /// <summary>The table's name when <see cref="TableNameSetting"/> is not set.</summary>
    public const string DefaultTableName = "loggrains-checkpoints";

    /// <summary>The checkpoint table (<c>LogGrains:Delivery:CheckpointTableName</c>): hash key <c>stream</c>, range key <c>object_key</c>, TTL on <c>expires_at</c>.</summary>
    public string TableName { get; set; } = DefaultTableName;

    /// <summary>The table's region (<c>LogGrains:Aws:Region</c>). Required: no silent us-east-1.</summary>
    public string Region { get; set; } = "";

    /// <summary>An explicit DynamoDB endpoint (an emulator); requests are still signed for <see cref="Region"/>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Whether a missing table is created (on-demand capacity, TTL on <c>expires_at</c>) on first use, as the Orleans
    /// tables are. Production tables come from the <c>regional</c> CloudFormation stack; a silo without the right to
    /// create tables reports the missing table by name instead.
    /// </summary>
    public bool CreateIfNotExists { get; set; } = true;

    /// <summary>How long one DynamoDB request may take before it fails as transient. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the SDK retries a throttled or failed request before the store gives up. Default 3.</summary>
    public int MaxErrorRetry { get; set; } = 3;
}
