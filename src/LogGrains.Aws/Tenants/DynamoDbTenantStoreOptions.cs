namespace LogGrains.Aws.Tenants;

/// <summary>Settings of <see cref="DynamoDbTenantStore"/>.</summary>
public sealed class DynamoDbTenantStoreOptions
{
    /// <summary>The configuration key of <see cref="TableName"/>.</summary>
    public const string TableNameSetting = "LogGrains:Tenants:TableName";

    /// <summary>The configuration key of <see cref="Region"/>.</summary>
    public const string RegionSetting = "LogGrains:Aws:Region";

    /// <summary>The tenant table (<c>LogGrains:Tenants:TableName</c>). Required.</summary>
    public string TableName { get; set; } = "";

    /// <summary>The table's region (<c>LogGrains:Aws:Region</c>). Required: no silent us-east-1.</summary>
    public string Region { get; set; } = "";

    /// <summary>
    /// An explicit DynamoDB endpoint (an emulator, DynamoDB Local). Requests are still signed for <see cref="Region"/>.
    /// When null, the region's endpoint (or <c>AWS_ENDPOINT_URL_DYNAMODB</c>) is used.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// At most this many items per Query or Scan page; null lets DynamoDB cut pages at 1 MB. Pagination is always
    /// followed to the end either way.
    /// </summary>
    public int? PageSize { get; set; }

    /// <summary>How long one DynamoDB request may take before it fails as transient. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the SDK retries a throttled or failed request before giving up. Default 3.</summary>
    public int MaxErrorRetry { get; set; } = 3;
}
