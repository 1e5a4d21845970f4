using LogGrains.Aws.Hosting;
using LogGrains.Grains;
using LogGrains.Grains.Hosting;
using LogGrains.Orleans.DynamoDB;
using LogGrains.Silo.Web;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LogGrains.Silo.Hosting;

/// <summary>Builds a LogGrains silo for the profile named by <c>LogGrains:Profile</c>.</summary>
public static class SiloHostExtensions
{
    /// <summary>The grain storage provider name the grains use.</summary>
    public const string StorageName = "loggrains";

    /// <summary>Configures the silo, the adapters and the delivery pipeline for the chosen profile.</summary>
    /// <exception cref="InvalidOperationException">The profile is unknown or a setting is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddLogGrains(this WebApplicationBuilder builder) =>
        builder.AddLogGrains(Environment.GetEnvironmentVariable);

    /// <summary>As <see cref="AddLogGrains(WebApplicationBuilder)"/>, reading the variables of Kubernetes hosting from <paramref name="environment"/>.</summary>
    internal static WebApplicationBuilder AddLogGrains(this WebApplicationBuilder builder, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var profile = LogGrainsProfile.From(builder.Configuration);
        var cluster = OptionsReader.Read(builder.Configuration, LogGrainsClusterOptions.Section, new LogGrainsClusterOptions(), new LogGrainsClusterOptionsValidator());
        builder.Services.AddSingleton(Options.Create(cluster));
        var kubernetes = KubernetesHosting.From(builder.Configuration, profile, environment);
        if (profile == LogGrainsProfile.Aws)
        {
            AddAwsProfile(builder, cluster, kubernetes);
        }
        else
        {
            builder.AddLocalProfile(cluster);
        }

        builder.Services.AddUsageRecordingSwitch();
        builder.Services.AddLogGrainsDelivery();
        builder.Services.AddWebOptions();
        return builder;
    }

    /// <summary>
    /// What both profiles' silos set in the Orleans runtime: the grain call timeout and the directory cache's size
    /// (<see cref="LogGrainsClusterOptions.DirectoryCacheSize"/>).
    /// </summary>
    internal static ISiloBuilder ConfigureLogGrainsRuntime(this ISiloBuilder silo, LogGrainsClusterOptions cluster)
    {
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LogGrainsClusterOptions.GrainCallTimeout);
        silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = cluster.DirectoryCacheSize);
        return silo;
    }

    private static void AddAwsProfile(WebApplicationBuilder builder, LogGrainsClusterOptions cluster, KubernetesHosting kubernetes)
    {
        var settings = AwsProfileSettings.From(builder.Configuration);
        builder.Services.AddLogGrainsAwsAdapters(settings);
        builder.Services.PostConfigure<DeliveryOptions>(options =>
        {
            options.ClusterRegion = string.IsNullOrEmpty(options.ClusterRegion) ? settings.Region : options.ClusterRegion;
            options.CentralAccountId = string.IsNullOrEmpty(options.CentralAccountId) ? Core.Tenants.RoleArn.AccountOf(settings.CentralRoleArn) : options.CentralAccountId;
        });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureLogGrainsRuntime(cluster);
            silo.UseDynamoDbClustering(o =>
            {
                o.TableName = cluster.MembershipTableName;
                o.Region = settings.Region;
                o.ServiceUrl = settings.ServiceUrl?.ToString();
            });
            silo.AddDynamoDbGrainStorage(StorageName, o =>
            {
                o.TableName = cluster.GrainStateTableName;
                o.Region = settings.Region;
                o.ServiceUrl = settings.ServiceUrl?.ToString();
            });
            silo.ConfigureEndpoints(siloPort: cluster.SiloPort, gatewayPort: cluster.GatewayPort);
            kubernetes.Apply(silo);
        });
    }
}
