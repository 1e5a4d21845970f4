using System.Runtime.CompilerServices;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LogGrains.Aws.DynamoDb;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogGrains.Aws.Tenants;

/// <summary>
/// The tenant table on DynamoDB. Reads both the multi-delivery table (partition key <c>tenant_id</c>, sort key
/// <c>type</c>) and the seed's single-record table (partition key only, items without <c>type</c>).
/// </summary>
/// <remarks>
/// <para>
/// Reads are strongly consistent and follow pagination to the end. Values map to <see cref="TenantAttribute"/>;
/// types a tenant item never holds (<c>M</c>, <c>NS</c>, <c>B</c>, <c>BS</c>) make the field invalid for
/// <see cref="TenantConfigParser"/> instead of vanishing, and are logged with their real type.
/// </para>
/// <para>
/// Failures: throttling, 5xx, timeouts and access denied (IAM changes propagate slowly) are
/// <see cref="DeliveryErrorClass.Transient"/>. A missing table is <see cref="DeliveryErrorClass.InvalidRequest"/>
/// naming the table and its setting: an operator error that retrying does not fix and that is no tenant's fault.
/// A request DynamoDB rejects as malformed is <see cref="DeliveryErrorClass.InvalidRequest"/> too.
/// </para>
/// </remarks>
public sealed class DynamoDbTenantStore : ITenantStore, IDisposable
{
    private const string TenantIdName = "#tenant_id";
    private const string TenantIdValue = ":tenant_id";

    private readonly DynamoDbTenantStoreOptions _options;
    private readonly AmazonDynamoDBClient _client;
    private readonly ILogger _logger;
    private readonly DynamoDbErrorClassifier _errors;
    private int _knownShape = -1;

    /// <summary>Creates a store.</summary>
    /// <param name="options">Settings; checked as at start-up.</param>
    /// <param name="credentials">The credentials to read the table with; the SDK's default chain when null.</param>
    /// <param name="logger">Where the store logs; nothing when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public DynamoDbTenantStore(DynamoDbTenantStoreOptions options, AWSCredentials? credentials = null, ILogger<DynamoDbTenantStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = DynamoDbTenantStoreOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var config = ClientConfig(options);
        _client = credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
        _errors = new DynamoDbErrorClassifier(
            "table", options.TableName, options.Region, DynamoDbTenantStoreOptions.TableNameSetting,
            (operation, tenant, errorClass, code, status) => _logger.RequestFailed(operation, options.TableName, tenant, errorClass, code, status))
        {
            MissingTableIsOperatorError = true,
        };
    }

    /// <summary>
    /// Creates a tenant table with on-demand capacity and waits until it is active; an existing table of that name is
    /// left as it is. For tests and the local/dev CLI: production tables belong to the deployment.
    /// </summary>
    /// <param name="dynamoDb">A client for the account and region of the table.</param>
    /// <param name="tableName">The table name.</param>
    /// <param name="shape">The key schema.</param>
    /// <param name="cancellationToken">Cancels the creation or the wait.</param>
    /// <returns>A task that completes when the table is active.</returns>
    public static async Task CreateTableAsync(IAmazonDynamoDB dynamoDb, string tableName, TenantTableShape shape, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dynamoDb);
        ArgumentException.ThrowIfNullOrEmpty(tableName);
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(TenantAttributeNames.TenantId, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(TenantAttributeNames.TenantId, KeyType.HASH)],
        };
        if (shape == TenantTableShape.TenantIdAndType)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(TenantAttributeNames.Type, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(TenantAttributeNames.Type, KeyType.RANGE));
        }

        try
        {
            await dynamoDb.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
        }

        while (true)
        {
            var described = await dynamoDb.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (described.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<TenantItem>> GetItemsAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var items = new List<TenantItem>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = _options.TableName,
                KeyConditionExpression = $"{TenantIdName} = {TenantIdValue}",
                ExpressionAttributeNames = new() { [TenantIdName] = TenantAttributeNames.TenantId },
                ExpressionAttributeValues = new() { [TenantIdValue] = new AttributeValue { S = tenantId } },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
                Limit = _options.PageSize,
            };
            QueryResponse response;
            try
            {
                response = await _client.QueryAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, "dynamodb:Query", tenantId);
            }

            foreach (var item in response.Items ?? [])
            {
                items.Add(ToTenantItem(tenantId, item));
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);

        return items;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// In the seed's table (no <c>type</c> key) a tenant has one item, its CloudWatch delivery, so an item of another
    /// type is refused rather than allowed to replace it.
    /// </remarks>
    public async Task PutItemAsync(TenantItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        const string operation = "dynamodb:PutItem";
        if (!item.TryGetValue(TenantAttributeNames.TenantId, out var id) || id.Kind != TenantAttributeKind.S || id.Text.Length == 0)
        {
            throw new DeliveryException(DeliveryErrorClass.InvalidRequest, operation, "", "", $"the item has no S attribute tenant_id, the key of table '{_options.TableName}'");
        }

        var tenantId = id.Text;
        var shape = await GetShapeAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var hasType = item.TryGetValue(TenantAttributeNames.Type, out var type);
        if (shape == TenantTableShape.TenantIdAndType && (!hasType || type!.Kind != TenantAttributeKind.S || type.Text.Length == 0))
        {
            throw new DeliveryException(
                DeliveryErrorClass.InvalidRequest, operation, tenantId, "",
                $"table '{_options.TableName}' is keyed by tenant_id and type, and the item has no S attribute type");
        }

        if (shape == TenantTableShape.TenantIdOnly && hasType &&
            !(type!.Kind == TenantAttributeKind.S && string.Equals(type.Text.Trim(), TenantConfigParser.TypeText(DeliveryType.CloudWatch), StringComparison.OrdinalIgnoreCase)))
        {
            throw new DeliveryException(
                DeliveryErrorClass.InvalidRequest, operation, tenantId, "",
                $"table '{_options.TableName}' has no type sort key and holds one cloudwatch item per tenant; an item of type {type} would replace it");
        }

        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = item.ToDictionary(a => a.Key, a => TenantAttributeMapper.ToDynamoDb(a.Value), StringComparer.Ordinal),
        };
        try
        {
            await _client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Classify(e, operation, tenantId);
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// In a table keyed by <c>type</c>, every item whose <c>type</c> names <paramref name="type"/> (case-insensitively,
    /// as the parser reads it) is deleted. In the seed's table the tenant's single item is deleted whatever its type.
    /// </remarks>
    public async Task DeleteItemAsync(string tenantId, DeliveryType type, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var shape = await GetShapeAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var keys = new List<Dictionary<string, AttributeValue>>();
        if (shape == TenantTableShape.TenantIdOnly)
        {
            keys.Add(new() { [TenantAttributeNames.TenantId] = new AttributeValue { S = tenantId } });
        }
        else
        {
            var typeText = TenantConfigParser.TypeText(type);
            foreach (var item in await GetItemsAsync(tenantId, cancellationToken).ConfigureAwait(false))
            {
                if (item.TryGetValue(TenantAttributeNames.Type, out var stored) && stored.Kind == TenantAttributeKind.S &&
                    string.Equals(stored.Text.Trim(), typeText, StringComparison.OrdinalIgnoreCase))
                {
                    keys.Add(new()
                    {
                        [TenantAttributeNames.TenantId] = new AttributeValue { S = tenantId },
                        [TenantAttributeNames.Type] = new AttributeValue { S = stored.Text },
                    });
                }
            }
        }

        foreach (var key in keys)
        {
            try
            {
                await _client.DeleteItemAsync(new DeleteItemRequest { TableName = _options.TableName, Key = key }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, "dynamodb:DeleteItem", tenantId);
            }
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ListTenantsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new ScanRequest
            {
                TableName = _options.TableName,
                ProjectionExpression = TenantIdName,
                ExpressionAttributeNames = new() { [TenantIdName] = TenantAttributeNames.TenantId },
                ConsistentRead = true,
                ExclusiveStartKey = startKey,
                Limit = _options.PageSize,
            };
            ScanResponse response;
            try
            {
                response = await _client.ScanAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, "dynamodb:Scan", "");
            }

            foreach (var item in response.Items ?? [])
            {
                if (item.TryGetValue(TenantAttributeNames.TenantId, out var id) && id.S is { Length: > 0 } tenantId && seen.Add(tenantId))
                {
                    yield return tenantId;
                }
            }

            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    internal static AmazonDynamoDBConfig ClientConfig(DynamoDbTenantStoreOptions options)
    {
        return DynamoDbCalls.Config(options.Region, options.ServiceUrl, options.RequestTimeout, options.MaxErrorRetry);
    }

    private async Task<TenantTableShape> GetShapeAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _knownShape) is var known and >= 0)
        {
            return (TenantTableShape)known;
        }

        DescribeTableResponse described;
        try
        {
            described = await _client.DescribeTableAsync(_options.TableName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Classify(e, "dynamodb:DescribeTable", tenantId);
        }

        var shape = described.Table.KeySchema?.Any(k => k.KeyType == KeyType.RANGE && k.AttributeName == TenantAttributeNames.Type) == true
            ? TenantTableShape.TenantIdAndType
            : TenantTableShape.TenantIdOnly;
        Volatile.Write(ref _knownShape, (int)shape);
        return shape;
    }

    private TenantItem ToTenantItem(string tenantId, Dictionary<string, AttributeValue> item)
    {
        var attributes = new List<KeyValuePair<string, TenantAttribute>>(item.Count);
        foreach (var (name, value) in item)
        {
            var mapped = TenantAttributeMapper.FromDynamoDb(value, out var unsupportedType);
            if (unsupportedType is not null)
            {
                _logger.UnsupportedAttribute(tenantId, _options.TableName, name, unsupportedType);
            }

            attributes.Add(new(name, mapped));
        }

        return new TenantItem(attributes);
    }

    private DeliveryException Classify(Exception e, string operation, string tenantId) => _errors.Classify(e, operation, tenantId, tenantId);
}
