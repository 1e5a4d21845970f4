using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace LogGrains.Orleans.DynamoDB.Membership;

/// <summary>
/// Lists the gateways of the active silos of this client's cluster from the DynamoDB membership table.
/// The client never creates the table: the silos own it.
/// </summary>
internal sealed class DynamoDbGatewayListProvider(
    IOptions<DynamoDbClusteringOptions> options,
    IOptions<ClusterOptions> clusterOptions,
    IOptions<GatewayOptions> gatewayOptions,
    ILogger<DynamoDbMembershipTable> logger) : IGatewayListProvider, IDisposable
{
    private readonly DynamoDbMembershipTable _table = new(options, clusterOptions, logger);

    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    [Obsolete("Gateway lists are always refreshed.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        MembershipTableData data;
        try
        {
            data = await _table.ReadAllAsync().ConfigureAwait(false);
        }
        catch (ResourceNotFoundException ex)
        {
            throw new InvalidOperationException(
                $"DynamoDB membership table '{options.Value.TableName}' does not exist; start a silo of cluster '{clusterOptions.Value.ClusterId}' first.", ex);
        }

        return data.Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && e.ProxyPort > 0)
            .Select(e => SiloAddress.New(e.SiloAddress.Endpoint.Address, e.ProxyPort, e.SiloAddress.Generation).ToGatewayUri())
            .ToList();
    }

    public void Dispose() => _table.Dispose();
}
