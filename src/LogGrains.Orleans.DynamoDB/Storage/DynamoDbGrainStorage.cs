using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LogGrains.Orleans.DynamoDB.Shared;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace LogGrains.Orleans.DynamoDB.Storage;

/// <summary>
/// Grain state in DynamoDB, one item per (service id, grain id, state name), with an etag compare-and-swap
/// on every write. Clearing writes a tombstone (no data, fresh etag) rather than deleting the item, so a writer
/// still holding a pre-clear etag, or a null etag from before the first write, cannot silently overwrite.
/// </summary>
internal sealed partial class DynamoDbGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    /// <summary>DynamoDB's maximum item size, attribute names and values included.</summary>
    public const int MaxItemBytes = 400 * 1024;

    internal const string PartitionKeyAttribute = "GrainKey";
    internal const string StateNameAttribute = "StateName";
    internal const string EtagAttribute = "Etag";
    internal const string DataAttribute = "Data";

    private readonly string _name;
    private readonly string _serviceId;
    private readonly DynamoDbGrainStorageOptions _options;
    private readonly ILogger<DynamoDbGrainStorage> _logger;
    private readonly Lazy<AmazonDynamoDBClient> _lazyClient;

    public DynamoDbGrainStorage(string name, string serviceId, DynamoDbGrainStorageOptions options, ILogger<DynamoDbGrainStorage> logger)
    {
        _name = name;
        _serviceId = serviceId;
        _options = options;
        _logger = logger;
        _lazyClient = new(() => DynamoDbClientFactory.Create(options, $"grain storage '{name}'"));
    }

    private string TableName => _options.TableName;

    // Created on first use so that Orleans' configuration validators report bad options before the SDK does.
    private AmazonDynamoDBClient Client => _lazyClient.Value;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<DynamoDbGrainStorage>(_name), _options.InitStage, InitializeAsync);

    public Task InitializeAsync(CancellationToken cancellationToken) =>
        DynamoDbTableInitializer.EnsureTableAsync(
            Client, _options, PartitionKeyAttribute, StateNameAttribute, $"grain storage '{_name}'", cancellationToken);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var response = await Client.GetItemAsync(
            new GetItemRequest { TableName = TableName, Key = Key(stateName, grainId), ConsistentRead = true }).ConfigureAwait(false);
        var item = response.Item;
        if (item is not { Count: > 0 })
        {
            ResetToNew(grainState, etag: null);
            return;
        }

        var etag = item[EtagAttribute].S;
        if (item.GetValueOrDefault(DataAttribute)?.B is not { } data)
        {
            ResetToNew(grainState, etag);
            return;
        }

        grainState.State = _options.GrainStorageSerializer.Deserialize<T>(BinaryData.FromStream(data));
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var data = _options.GrainStorageSerializer.Serialize(grainState.State).ToMemory();
        var newEtag = NewEtag();
        var item = Key(stateName, grainId);
        item[EtagAttribute] = new AttributeValue { S = newEtag };
        item[DataAttribute] = new AttributeValue { B = new MemoryStream(data.ToArray(), writable: false) };
        var size = ItemSize(item, data.Length);
        if (size > MaxItemBytes)
        {
            throw new InvalidOperationException(
                $"State '{stateName}' of grain {grainId} in grain storage '{_name}' is {size} bytes as a DynamoDB item "
                + $"({data.Length} bytes serialized), over the DynamoDB item size limit of {MaxItemBytes} bytes (400 KB).");
        }

        await ConditionalPutAsync("write", stateName, grainId, grainState.ETag, item).ConfigureAwait(false);
        grainState.ETag = newEtag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var newEtag = NewEtag();
        var item = Key(stateName, grainId);
        item[EtagAttribute] = new AttributeValue { S = newEtag };
        await ConditionalPutAsync("clear", stateName, grainId, grainState.ETag, item).ConfigureAwait(false);
        ResetToNew(grainState, newEtag);
    }

    public void Dispose()
    {
        if (_lazyClient.IsValueCreated)
        {
            _lazyClient.Value.Dispose();
        }
    }

    internal Dictionary<string, AttributeValue> Key(string stateName, GrainId grainId) => new()
    {
        [PartitionKeyAttribute] = new AttributeValue { S = PartitionKey(grainId) },
        [StateNameAttribute] = new AttributeValue { S = stateName },
    };

    // The service id is escaped so that its first unescaped '|' ends it, whatever the grain id contains.
    internal string PartitionKey(GrainId grainId) =>
        $"{_serviceId.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)}|{grainId}";

    private async Task ConditionalPutAsync(
        string operation, string stateName, GrainId grainId, string? expectedEtag, Dictionary<string, AttributeValue> item)
    {
        var request = new PutItemRequest
        {
            TableName = TableName,
            Item = item,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        if (expectedEtag is null)
        {
            request.ConditionExpression = "attribute_not_exists(#pk)";
            request.ExpressionAttributeNames = new() { ["#pk"] = PartitionKeyAttribute };
        }
        else
        {
            request.ConditionExpression = "#etag = :etag";
            request.ExpressionAttributeNames = new() { ["#etag"] = EtagAttribute };
            request.ExpressionAttributeValues = new() { [":etag"] = new AttributeValue { S = expectedEtag } };
        }

        try
        {
            await Client.PutItemAsync(request).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            var storedEtag = ex.Item?.GetValueOrDefault(EtagAttribute)?.S ?? "(unknown)";
            LogEtagMismatch(_logger, operation, stateName, grainId, _name, expectedEtag ?? "(none)", storedEtag);
            throw new InconsistentStateException(
                $"Cannot {operation} state '{stateName}' of grain {grainId} in grain storage '{_name}' (DynamoDB table '{TableName}'): "
                + $"the stored etag is {storedEtag} but the grain holds {expectedEtag ?? "none"}.",
                storedEtag,
                expectedEtag ?? "(none)",
                ex);
        }
    }

    private static void ResetToNew<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    private static int ItemSize(Dictionary<string, AttributeValue> item, int binaryLength)
    {
        var size = 0;
        foreach (var (name, value) in item)
        {
            size += Encoding.UTF8.GetByteCount(name);
            size += value.S is { } s ? Encoding.UTF8.GetByteCount(s) : binaryLength;
        }

        return size;
    }

    private static string NewEtag() => Guid.NewGuid().ToString("N");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain storage {StorageName} refused to {Operation} state {StateName} of grain {GrainId}: expected etag {ExpectedEtag}, stored {StoredEtag}")]
    private static partial void LogEtagMismatch(ILogger logger, string operation, string stateName, GrainId grainId, string storageName, string expectedEtag, string storedEtag);
}
