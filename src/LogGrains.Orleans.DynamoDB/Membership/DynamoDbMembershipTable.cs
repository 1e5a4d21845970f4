using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LogGrains.Orleans.DynamoDB.Shared;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace LogGrains.Orleans.DynamoDB.Membership;

/// <summary>
/// The Orleans membership table on DynamoDB. Insert and update write the version row (compare-and-swap on its
/// etag) and the silo row (conditional on absence or on its etag) in one <c>TransactWriteItems</c>, so both
/// succeed or neither does. IAmAlive touches only the IAmAlive attribute, so row etags survive heartbeats.
/// </summary>
internal sealed partial class DynamoDbMembershipTable : IMembershipTable, IDisposable
{
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";
    private const string TransactionConflict = "TransactionConflict";
    private const int BatchWriteLimit = 25;

    private readonly DynamoDbClusteringOptions _options;
    private readonly string _clusterId;
    private readonly ILogger<DynamoDbMembershipTable> _logger;
    private readonly Lazy<AmazonDynamoDBClient> _lazyClient;

    public DynamoDbMembershipTable(
        IOptions<DynamoDbClusteringOptions> options,
        IOptions<ClusterOptions> clusterOptions,
        ILogger<DynamoDbMembershipTable> logger)
    {
        _options = options.Value;
        _clusterId = clusterOptions.Value.ClusterId;
        _logger = logger;
        _lazyClient = new(() => DynamoDbClientFactory.Create(_options, "DynamoDB clustering"));
    }

    private string TableName => _options.TableName;

    // Created on first use so that Orleans' configuration validators report bad options before the SDK does.
    private AmazonDynamoDBClient Client => _lazyClient.Value;

    public async Task InitializeMembershipTableAsync(bool tryInitTableVersion, CancellationToken cancellationToken = default)
    {
        await DynamoDbTableInitializer.EnsureTableAsync(
            Client, _options, MembershipItemMapper.ClusterIdAttribute, MembershipItemMapper.RowKeyAttribute,
            "DynamoDB clustering", cancellationToken).ConfigureAwait(false);
        if (!tryInitTableVersion)
        {
            return;
        }

        try
        {
            await Client.PutItemAsync(
                new PutItemRequest
                {
                    TableName = TableName,
                    Item = MembershipItemMapper.VersionItem(_clusterId, 0, NewEtag()),
                    ConditionExpression = "attribute_not_exists(#rk)",
                    ExpressionAttributeNames = new() { ["#rk"] = MembershipItemMapper.RowKeyAttribute },
                },
                cancellationToken).ConfigureAwait(false);
            LogVersionRowCreated(_logger, TableName, _clusterId);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another silo initialized this cluster's version row first.
        }
    }

    public async Task DeleteMembershipTableEntriesAsync(string clusterId, CancellationToken cancellationToken = default)
    {
        var keys = new List<Dictionary<string, AttributeValue>>();
        await foreach (var item in QueryClusterAsync(clusterId, consistent: true, cancellationToken).ConfigureAwait(false))
        {
            keys.Add(MembershipItemMapper.Key(clusterId, item[MembershipItemMapper.RowKeyAttribute].S));
        }

        await DeleteAllAsync(keys, cancellationToken).ConfigureAwait(false);
        LogDeletedCluster(_logger, keys.Count, TableName, clusterId);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken = default)
    {
        var data = await ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var defunct = data.Members
            .Where(m => m.Item1.Status == SiloStatus.Dead && LastUpdate(m.Item1) < beforeDate.UtcDateTime)
            .Select(m => MembershipItemMapper.Key(_clusterId, MembershipItemMapper.RowKey(m.Item1.SiloAddress)))
            .ToList();
        await DeleteAllAsync(defunct, cancellationToken).ConfigureAwait(false);
        LogCleanedUp(_logger, defunct.Count, TableName, _clusterId, beforeDate);
    }

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress key, CancellationToken cancellationToken = default)
    {
        var response = await Client.TransactGetItemsAsync(
            new TransactGetItemsRequest
            {
                TransactItems =
                [
                    new TransactGetItem { Get = new Get { TableName = TableName, Key = MembershipItemMapper.Key(_clusterId, MembershipItemMapper.VersionRowKey) } },
                    new TransactGetItem { Get = new Get { TableName = TableName, Key = MembershipItemMapper.Key(_clusterId, MembershipItemMapper.RowKey(key)) } },
                ],
            },
            cancellationToken).ConfigureAwait(false);
        var responses = response.Responses ?? [];
        var version = MembershipItemMapper.ToTableVersion(responses.ElementAtOrDefault(0)?.Item);
        var row = responses.ElementAtOrDefault(1)?.Item;
        return row is { Count: > 0 }
            ? new MembershipTableData(MembershipItemMapper.ToEntry(row), version)
            : new MembershipTableData(version);
    }

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken = default)
    {
        TableVersion? version = null;
        var members = new List<Tuple<MembershipEntry, string>>();
        await foreach (var item in QueryClusterAsync(_clusterId, consistent: true, cancellationToken).ConfigureAwait(false))
        {
            if (MembershipItemMapper.IsVersionRow(item))
            {
                version = MembershipItemMapper.ToTableVersion(item);
            }
            else if (TryParse(item) is { } member)
            {
                members.Add(member);
            }
        }

        return new MembershipTableData(members, version ?? MembershipItemMapper.ToTableVersion(null));
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var silo = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = TableName,
                Item = MembershipItemMapper.SiloItem(_clusterId, entry, NewEtag()),
                ConditionExpression = "attribute_not_exists(#rk)",
                ExpressionAttributeNames = new() { ["#rk"] = MembershipItemMapper.RowKeyAttribute },
            },
        };
        return WriteWithVersionAsync("insert", entry, tableVersion, silo, cancellationToken);
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion tableVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        var silo = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = TableName,
                Item = MembershipItemMapper.SiloItem(_clusterId, entry, NewEtag()),
                ConditionExpression = "#etag = :etag",
                ExpressionAttributeNames = new() { ["#etag"] = MembershipItemMapper.EtagAttribute },
                ExpressionAttributeValues = new() { [":etag"] = new AttributeValue { S = etag ?? string.Empty } },
            },
        };
        return WriteWithVersionAsync("update", entry, tableVersion, silo, cancellationToken);
    }

    public async Task UpdateIAmAliveAsync(MembershipEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        try
        {
            await Client.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = MembershipItemMapper.Key(_clusterId, MembershipItemMapper.RowKey(entry.SiloAddress)),
                    UpdateExpression = "SET #alive = :alive",
                    ConditionExpression = "attribute_exists(#rk)",
                    ExpressionAttributeNames = new()
                    {
                        ["#alive"] = MembershipItemMapper.IAmAliveTimeAttribute,
                        ["#rk"] = MembershipItemMapper.RowKeyAttribute,
                    },
                    ExpressionAttributeValues = new() { [":alive"] = MembershipItemMapper.Time(entry.IAmAliveTime) },
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw new InvalidOperationException(
                $"IAmAlive for silo {entry.SiloAddress} failed: it has no row in DynamoDB table '{TableName}' for cluster '{_clusterId}'.", ex);
        }
    }

    [Obsolete("Use InitializeMembershipTableAsync.")]
    public Task InitializeMembershipTable(bool tryInitTableVersion) => InitializeMembershipTableAsync(tryInitTableVersion);

    [Obsolete("Use DeleteMembershipTableEntriesAsync.")]
    public Task DeleteMembershipTableEntries(string clusterId) => DeleteMembershipTableEntriesAsync(clusterId);

    [Obsolete("Use CleanupDefunctSiloEntriesAsync.")]
    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate) => CleanupDefunctSiloEntriesAsync(beforeDate);

    [Obsolete("Use ReadRowAsync.")]
    public Task<MembershipTableData> ReadRow(SiloAddress key) => ReadRowAsync(key);

    [Obsolete("Use ReadAllAsync.")]
    public Task<MembershipTableData> ReadAll() => ReadAllAsync();

    [Obsolete("Use InsertRowAsync.")]
    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion) => InsertRowAsync(entry, tableVersion);

    [Obsolete("Use UpdateRowAsync.")]
    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion) => UpdateRowAsync(entry, etag, tableVersion);

    [Obsolete("Use UpdateIAmAliveAsync.")]
    public Task UpdateIAmAlive(MembershipEntry entry) => UpdateIAmAliveAsync(entry);

    public void Dispose()
    {
        if (_lazyClient.IsValueCreated)
        {
            _lazyClient.Value.Dispose();
        }
    }

    internal async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryClusterAsync(
        string clusterId, bool consistent, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var response = await Client.QueryAsync(
                new QueryRequest
                {
                    TableName = TableName,
                    ConsistentRead = consistent,
                    KeyConditionExpression = "#cid = :cid",
                    ExpressionAttributeNames = new() { ["#cid"] = MembershipItemMapper.ClusterIdAttribute },
                    ExpressionAttributeValues = new() { [":cid"] = new AttributeValue { S = clusterId } },
                    ExclusiveStartKey = startKey,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var item in response.Items ?? [])
            {
                yield return item;
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (startKey is not null);
    }

    private async Task<bool> WriteWithVersionAsync(
        string operation, MembershipEntry entry, TableVersion tableVersion, TransactWriteItem siloWrite, CancellationToken cancellationToken)
    {
        var expectsVersionRow = !string.IsNullOrEmpty(tableVersion.VersionEtag);
        var version = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = TableName,
                Item = MembershipItemMapper.VersionItem(_clusterId, tableVersion.Version, NewEtag()),
                ConditionExpression = expectsVersionRow ? "#etag = :etag" : "attribute_not_exists(#etag)",
                ExpressionAttributeNames = new() { ["#etag"] = MembershipItemMapper.EtagAttribute },
                ExpressionAttributeValues = expectsVersionRow
                    ? new() { [":etag"] = new AttributeValue { S = tableVersion.VersionEtag } }
                    : null,
            },
        };
        try
        {
            await Client.TransactWriteItemsAsync(
                new TransactWriteItemsRequest { TransactItems = [version, siloWrite] },
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TransactionCanceledException ex) when (IsLostRace(ex))
        {
            LogWriteLost(_logger, ex, operation, entry.SiloAddress, TableName, _clusterId, tableVersion);
            return false;
        }
    }

    private static bool IsLostRace(TransactionCanceledException ex) =>
        ex.CancellationReasons?.Any(r => r.Code is ConditionalCheckFailed or TransactionConflict) ?? false;

    private async Task DeleteAllAsync(List<Dictionary<string, AttributeValue>> keys, CancellationToken cancellationToken)
    {
        foreach (var chunk in keys.Chunk(BatchWriteLimit))
        {
            var pending = new Dictionary<string, List<WriteRequest>>
            {
                [TableName] = chunk.Select(k => new WriteRequest { DeleteRequest = new DeleteRequest { Key = k } }).ToList(),
            };
            var delay = TimeSpan.FromMilliseconds(50);
            while (pending is { Count: > 0 })
            {
                var response = await Client.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = pending }, cancellationToken)
                    .ConfigureAwait(false);
                pending = response.UnprocessedItems;
                if (pending is { Count: > 0 })
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
                }
            }
        }
    }

    private Tuple<MembershipEntry, string>? TryParse(Dictionary<string, AttributeValue> item)
    {
        try
        {
            return MembershipItemMapper.ToEntry(item);
        }
        catch (Exception ex) when (ex is FormatException or KeyNotFoundException or OverflowException or NullReferenceException or ArgumentException)
        {
            LogUnreadableRow(_logger, ex, item[MembershipItemMapper.RowKeyAttribute].S, TableName, _clusterId);
            return null;
        }
    }

    private static DateTime LastUpdate(MembershipEntry entry) =>
        entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Created membership version row in DynamoDB table {TableName} for cluster {ClusterId}")]
    private static partial void LogVersionRowCreated(ILogger logger, string tableName, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} membership rows from DynamoDB table {TableName} for cluster {ClusterId}")]
    private static partial void LogDeletedCluster(ILogger logger, int count, string tableName, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} defunct silo rows from DynamoDB table {TableName} for cluster {ClusterId} (dead before {BeforeDate})")]
    private static partial void LogCleanedUp(ILogger logger, int count, string tableName, string clusterId, DateTimeOffset beforeDate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Membership {Operation} of silo {Silo} in DynamoDB table {TableName} for cluster {ClusterId} lost the race at {TableVersion}")]
    private static partial void LogWriteLost(ILogger logger, Exception exception, string operation, SiloAddress silo, string tableName, string clusterId, TableVersion tableVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping unreadable membership row {RowKey} in DynamoDB table {TableName} for cluster {ClusterId}")]
    private static partial void LogUnreadableRow(ILogger logger, Exception exception, string rowKey, string tableName, string clusterId);
}
