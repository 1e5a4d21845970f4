using LogGrains.Orleans.DynamoDB;
using LogGrains.Grains.Hosting;
using Orleans.Configuration;

namespace LogGrains.Cli;

/// <summary>
/// An Orleans client of the running aws-profile cluster: it finds the gateways in the DynamoDB membership table
/// (<c>LogGrains:Cluster:MembershipTableName</c>, same <c>ClusterId</c>/<c>ServiceId</c> as the silos) and waits
/// for a grain call as long as a silo waits for a delivery (<see cref="LogGrainsClusterOptions.GrainCallTimeout"/>).
/// </summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public IClusterClient Client { get; }

    /// <exception cref="CliSettingException">A cluster setting is missing or wrong.</exception>
    /// <exception cref="CliFailureException">No gateway answered.</exception>
    public static async Task<ClusterConnection> ConnectAsync(CliSettings settings, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var region = settings.Region;
        var serviceUrl = settings.ServiceUrl;
        var cluster = settings.Cluster;
        var table = cluster.MembershipTableName;
        var clusterId = cluster.ClusterId;
        var serviceId = cluster.ServiceId;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = LogGrainsClusterOptions.GrainCallTimeout);
            client.UseDynamoDbClustering(o =>
            {
                o.TableName = table;
                o.Region = region;
                o.ServiceUrl = serviceUrl?.ToString();
                o.CreateIfNotExists = false;
            });
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connectTimeout);
        try
        {
            await host.StartAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            host.Dispose();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new CliFailureException(
                $"cannot connect to cluster '{clusterId}' (service '{serviceId}') through the gateways in table '{table}' ({region}): {e.Message}", e);
        }

        return new ClusterConnection(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
