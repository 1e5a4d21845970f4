using LogGrains.Grains;
using LogGrains.Orleans.DynamoDB;
using LogGrains.Silo.Local;
using Orleans.Configuration;

namespace LogGrains.Silo.Hosting;

/// <summary>Builds a LogGrains silo for the profile named by <c>LogGrains:Profile</c>.</summary>
public static class SiloHostExtensions
{
    /// <summary>The grain storage provider name the grains use.</summary>
    public const string StorageName = "loggrains";

    /// <summary>
    /// A grain call waits this long by default: a delivery that waits out CloudWatch throttling on a large
    /// object takes longer than Orleans' 30 s default, while the poller's visibility heartbeat keeps the
    /// message hidden meanwhile.
    /// </summary>
    public static readonly TimeSpan DeliveryCallTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Configures the silo, the adapters and the delivery pipeline for the chosen profile.</summary>
    /// <exception cref="InvalidOperationException">The profile is unknown or a setting is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddLogGrains(this WebApplicationBuilder builder) =>
        builder.AddLogGrains(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="AddLogGrains(WebApplicationBuilder)"/>, reading the variables of Kubernetes hosting from <paramref name="environment"/>.</summary>
    internal static WebApplicationBuilder AddLogGrains(this WebApplicationBuilder builder, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var profile = builder.Configuration["LogGrains:Profile"] ?? "local";
        var kubernetes = KubernetesHosting.From(builder.Configuration, profile, environment);
        switch (profile.ToLowerInvariant())
        {
            case "aws":
                AddAwsProfile(builder, kubernetes);
                break;
            case "local":
                builder.AddLocalProfile();
                break;
            default:
                throw new InvalidOperationException($"LogGrains:Profile '{profile}' is unknown: use 'local' or 'aws'.");
        }

        builder.Services.AddLogGrainsDelivery();
        var port = builder.Configuration.GetValue("LogGrains:Web:Port", 8080);
        builder.WebHost.UseUrls($"http://*:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        return builder;
    }

    private static void AddAwsProfile(WebApplicationBuilder builder, KubernetesHosting kubernetes)
    {
        var settings = AwsProfileSettings.From(builder.Configuration);
        builder.Services.AddLogGrainsAwsAdapters(settings);
        builder.Services.PostConfigure<DeliveryOptions>(options =>
        {
            options.ClusterRegion = string.IsNullOrEmpty(options.ClusterRegion) ? settings.Region : options.ClusterRegion;
            options.CentralAccountId = string.IsNullOrEmpty(options.CentralAccountId) ? CentralAccountOf(settings.CentralRoleArn) : options.CentralAccountId;
        });
        var (clusterId, serviceId) = ClusterIdentity(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = DeliveryCallTimeout);
            silo.UseDynamoDbClustering(o =>
            {
                o.TableName = settings.MembershipTableName;
                o.Region = settings.Region;
                o.ServiceUrl = settings.ServiceUrl?.ToString();
            });
            silo.AddDynamoDbGrainStorage(StorageName, o =>
            {
                o.TableName = settings.GrainStateTableName;
                o.Region = settings.Region;
                o.ServiceUrl = settings.ServiceUrl?.ToString();
            });
            silo.ConfigureEndpoints(
                siloPort: builder.Configuration.GetValue("LogGrains:Cluster:SiloPort", EndpointOptions.DEFAULT_SILO_PORT),
                gatewayPort: builder.Configuration.GetValue("LogGrains:Cluster:GatewayPort", EndpointOptions.DEFAULT_GATEWAY_PORT));
            kubernetes.Apply(silo);
        });
    }

    /// <summary>
    /// The Orleans cluster and service ids (<c>LogGrains:Cluster:ClusterId</c>, <c>LogGrains:Cluster:ServiceId</c>, both
    /// <c>loggrains</c> by default), read the same way by both profiles' silos and by the CLI's cluster client.
    /// </summary>
    internal static (string ClusterId, string ServiceId) ClusterIdentity(IConfiguration configuration) =>
        (configuration["LogGrains:Cluster:ClusterId"] ?? "loggrains", configuration["LogGrains:Cluster:ServiceId"] ?? "loggrains");

    /// <summary>The central account is the account of the central role: <c>arn:aws:iam::ACCOUNT:role/…</c>.</summary>
    internal static string CentralAccountOf(string roleArn) => roleArn.Split(':') is { Length: >= 6 } parts ? parts[4] : string.Empty;
}
