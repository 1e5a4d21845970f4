namespace LogGrains.Aws.Credentials;

/// <summary>
/// Settings of <see cref="StsCredentialBroker"/>, bound from <c>LogGrains:Delivery</c> (the central role) and
/// <c>LogGrains:Aws</c> (the cluster's region).
/// </summary>
public sealed class StsCredentialBrokerOptions
{
    /// <summary>The configuration key of <see cref="CentralRoleArn"/>.</summary>
    public const string CentralRoleArnSetting = "LogGrains:Delivery:CentralRoleArn";

    /// <summary>The configuration key of <see cref="Region"/>.</summary>
    public const string RegionSetting = "LogGrains:Aws:Region";

    /// <summary>
    /// The central role every customer role trusts (<c>LogGrains:Delivery:CentralRoleArn</c>). Required.
    /// The base credentials (default chain, IRSA on Kubernetes) assume it first.
    /// </summary>
    public string CentralRoleArn { get; set; } = "";

    /// <summary>
    /// The cluster's region (<c>LogGrains:Aws:Region</c>): the STS endpoint of the central hop and of
    /// <see cref="StsCredentialBroker.GetCentralAccountIdAsync"/>. Required: no silent us-east-1.
    /// </summary>
    public string Region { get; set; } = "";

    /// <summary>
    /// An explicit STS endpoint for every region (an emulator, a VPC endpoint). Requests are still signed for the
    /// region concerned. When null, the regional STS endpoint (or <c>AWS_ENDPOINT_URL_STS</c>) is used.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>How long before expiry cached credentials are refreshed. Default 5 minutes.</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The session length requested from STS (<c>DurationSeconds</c>). Default 1 hour, which is also the most a
    /// chained role session may last; at least 15 minutes.
    /// </summary>
    public TimeSpan SessionDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The role session name of the central hop. Default <c>loggrains-central</c>.</summary>
    public string CentralSessionName { get; set; } = "loggrains-central";

    /// <summary>How long one STS request may take before it fails as transient. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the SDK retries a throttled or failed STS request before giving up. Default 3.</summary>
    public int MaxErrorRetry { get; set; } = 3;
}
