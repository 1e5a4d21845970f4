using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LogGrains.Aws.DynamoDb;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogGrains.Aws.Checkpoints;

/// <summary>
/// Delivery checkpoints in DynamoDB: one small item per (stream, object) — hash key <c>stream</c>
/// (<c>tenant|region|group|stream</c>), range key <c>object_key</c> — that expires through DynamoDB TTL on
/// <c>expires_at</c> after the staging retention.
/// </summary>
/// <remarks>
/// <para>
/// Every write is a conditional <c>PutItem</c> that only moves a checkpoint forward
/// (<see cref="ObjectCheckpoint.Supersedes"/>): a complete checkpoint is final, so a late or repeated write
/// from an older activation can never make a delivered object look unfinished. One delivered object costs
/// one write of a few hundred bytes, whatever the stream delivered before.
/// </para>
/// <para>
/// Reads are strongly consistent <c>BatchGetItem</c>s. Failures are <see cref="DeliveryErrorClass.Transient"/>
/// (the caller keeps its message and retries later), except a request DynamoDB rejects as malformed
/// (<see cref="DeliveryErrorClass.InvalidRequest"/>). A missing table is created on first use when
/// <see cref="DynamoDbCheckpointStoreOptions.CreateIfNotExists"/> allows it, and otherwise reported by name
/// and setting.
/// </para>
/// </remarks>
public sealed class DynamoDbCheckpointStore : ICheckpointStore, IDisposable
{
    internal const string StreamAttribute = "stream";
    internal const string ObjectKeyAttribute = "object_key";
    internal const string EndPieceAttribute = "end_piece";
    internal const string CompleteAttribute = "complete";
    internal const string UpdatedAtAttribute = "updated_at";
    internal const string ExpiresAtAttribute = "expires_at";
    internal const string RequestAttribute = "request";

    /// <summary>
    /// The range key of a stream's in-flight record. No staged object has this key: object keys have at least five
    /// '/'-separated segments (<c>KeyLayout</c>), and a key that does not is poison before it reaches a stream.
    /// </summary>
    internal const string InFlightKey = "#in-flight";

    private const int MaxKeysPerBatchGet = 100;
    private const int MaxParallelWrites = 8;

    private static readonly string WriteCondition =
        $"attribute_not_exists(#key) OR (#complete = :false AND #end <= :end)";

    private readonly DynamoDbCheckpointStoreOptions _options;
    private readonly AmazonDynamoDBClient _client;
    private readonly ILogger _logger;
    private readonly DynamoDbTtlTable _table;

    /// <summary>Creates a store.</summary>
    /// <param name="options">Settings; checked as at start-up.</param>
    /// <param name="credentials">The credentials to use; the SDK's default chain when null.</param>
    /// <param name="logger">Where the store logs; nothing when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public DynamoDbCheckpointStore(DynamoDbCheckpointStoreOptions options, AWSCredentials? credentials = null, ILogger<DynamoDbCheckpointStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = DynamoDbCheckpointStoreOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var config = DynamoDbCalls.Config(options.Region, options.ServiceUrl, options.RequestTimeout, options.MaxErrorRetry);
        _client = credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
        var errors = new DynamoDbErrorClassifier(
            "checkpoint table", options.TableName, options.Region, DynamoDbCheckpointStoreOptions.TableNameSetting,
            (operation, stream, errorClass, code, status) => _logger.RequestFailed(operation, options.TableName, stream, errorClass, code, status));
        _table = new DynamoDbTtlTable(
            _client, errors, StreamAttribute, ObjectKeyAttribute, ExpiresAtAttribute, options.CreateIfNotExists, () => _logger.TableCreated(options.TableName));
    }

    /// <summary>The item's hash key for a stream: the same <c>tenant|region|group|stream</c> text as the stream grain's key.</summary>
    /// <param name="stream">The log stream.</param>
    public static string StreamKey(LogTarget stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return $"{stream.Tenant}|{stream.Region}|{stream.LogGroupName}|{stream.LogStreamName}";
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, ObjectCheckpoint>> GetAsync(
        LogTarget stream, IReadOnlyCollection<string> objectKeys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectKeys);
        var found = new Dictionary<string, ObjectCheckpoint>(StringComparer.Ordinal);
        if (objectKeys.Count == 0)
        {
            return found;
        }

        var streamKey = StreamKey(stream);
        await EnsureTableAsync(stream, streamKey, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in objectKeys.Chunk(MaxKeysPerBatchGet))
        {
            var pending = new KeysAndAttributes
            {
                ConsistentRead = true,
                Keys = chunk.Select(key => Key(streamKey, key)).ToList(),
            };
            for (var attempt = 1; pending.Keys is { Count: > 0 }; attempt++)
            {
                BatchGetItemResponse response;
                try
                {
                    response = await _client.BatchGetItemAsync(
                        new BatchGetItemRequest { RequestItems = new() { [_options.TableName] = pending } }, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
                {
                    throw Classify(e, "dynamodb:BatchGetItem", stream, streamKey);
                }

                foreach (var item in response.Responses?.GetValueOrDefault(_options.TableName) ?? [])
                {
                    var checkpoint = FromItem(item);
                    found[checkpoint.ObjectKey] = checkpoint;
                }

                pending = response.UnprocessedKeys?.GetValueOrDefault(_options.TableName) ?? new KeysAndAttributes();
                if (pending.Keys is { Count: > 0 })
                {
                    if (attempt >= _options.MaxErrorRetry + 1)
                    {
                        throw new DeliveryException(
                            DeliveryErrorClass.Transient, "dynamodb:BatchGetItem", stream.Tenant, "",
                            $"checkpoint table '{_options.TableName}' left {pending.Keys.Count} keys of stream '{stream.LogStreamName}' unprocessed after {attempt} attempts")
                        { IsThrottling = true };
                    }

                    pending.ConsistentRead = true;
                    await Task.Delay(TimeSpan.FromMilliseconds(50 << Math.Min(attempt, 6)), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return found;
    }

    /// <inheritdoc/>
    public async Task SaveAsync(LogTarget stream, IReadOnlyCollection<ObjectCheckpoint> checkpoints, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoints);
        if (checkpoints.Count == 0)
        {
            return;
        }

        var streamKey = StreamKey(stream);
        await EnsureTableAsync(stream, streamKey, cancellationToken).ConfigureAwait(false);
        var expiresAt = keepUntil.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        await Parallel.ForEachAsync(
            checkpoints,
            new ParallelOptions { MaxDegreeOfParallelism = MaxParallelWrites, CancellationToken = cancellationToken },
            async (checkpoint, token) => await PutAsync(stream, streamKey, checkpoint, expiresAt, token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task DeclareInFlightAsync(LogTarget stream, InFlightRequest request, DateTimeOffset keepUntil, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var streamKey = StreamKey(stream);
        await EnsureTableAsync(stream, streamKey, cancellationToken).ConfigureAwait(false);
        var item = Key(streamKey, InFlightKey);
        item[RequestAttribute] = new AttributeValue { S = InFlightJson.Write(request) };
        item[UpdatedAtAttribute] = Number(request.DeclaredAt.ToUnixTimeMilliseconds());
        item[ExpiresAtAttribute] = Number(keepUntil.ToUnixTimeSeconds());
        try
        {
            await _client.PutItemAsync(new PutItemRequest { TableName = _options.TableName, Item = item }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Classify(e, "dynamodb:PutItem", stream, streamKey, InFlightKey);
        }
    }

    /// <inheritdoc/>
    public async Task<InFlightRequest?> GetInFlightAsync(LogTarget stream, CancellationToken cancellationToken)
    {
        var streamKey = StreamKey(stream);
        await EnsureTableAsync(stream, streamKey, cancellationToken).ConfigureAwait(false);
        GetItemResponse response;
        try
        {
            response = await _client.GetItemAsync(
                new GetItemRequest { TableName = _options.TableName, Key = Key(streamKey, InFlightKey), ConsistentRead = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Classify(e, "dynamodb:GetItem", stream, streamKey, InFlightKey);
        }

        if (response.Item?.GetValueOrDefault(RequestAttribute)?.S is not { } json)
        {
            return null;
        }

        try
        {
            return InFlightJson.Read(json);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // An unreadable record cannot prove anything: treat it as absent, so the request is sent again (today's behaviour).
            _logger.InFlightUnreadable(streamKey, e.Message);
            return null;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _table.Dispose();
    }

    private async Task PutAsync(LogTarget stream, string streamKey, ObjectCheckpoint checkpoint, string expiresAt, CancellationToken cancellationToken)
    {
        var item = Key(streamKey, checkpoint.ObjectKey);
        item[EndPieceAttribute] = Number(checkpoint.EndPiece);
        item[CompleteAttribute] = new AttributeValue { BOOL = checkpoint.Complete };
        item[UpdatedAtAttribute] = Number(checkpoint.UpdatedAt.ToUnixTimeMilliseconds());
        item[ExpiresAtAttribute] = new AttributeValue { N = expiresAt };
        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = item,
            ConditionExpression = WriteCondition,
            ExpressionAttributeNames = new()
            {
                ["#key"] = ObjectKeyAttribute,
                ["#complete"] = CompleteAttribute,
                ["#end"] = EndPieceAttribute,
            },
            ExpressionAttributeValues = new()
            {
                [":false"] = new AttributeValue { BOOL = false },
                [":end"] = Number(checkpoint.EndPiece),
            },
        };
        try
        {
            await _client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            _logger.CheckpointKept(checkpoint.ObjectKey, stream.LogStreamName, checkpoint.EndPiece);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Classify(e, "dynamodb:PutItem", stream, streamKey, checkpoint.ObjectKey);
        }
    }

    private static Dictionary<string, AttributeValue> Key(string streamKey, string objectKey) => new(StringComparer.Ordinal)
    {
        [StreamAttribute] = new AttributeValue { S = streamKey },
        [ObjectKeyAttribute] = new AttributeValue { S = objectKey },
    };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static ObjectCheckpoint FromItem(Dictionary<string, AttributeValue> item) => new(
        item[ObjectKeyAttribute].S,
        long.Parse(item[EndPieceAttribute].N, CultureInfo.InvariantCulture),
        item.GetValueOrDefault(CompleteAttribute)?.BOOL == true,
        DateTimeOffset.FromUnixTimeMilliseconds(item.GetValueOrDefault(UpdatedAtAttribute)?.N is { } at ? long.Parse(at, CultureInfo.InvariantCulture) : 0));

    private DeliveryException Classify(Exception e, string operation, LogTarget stream, string streamKey, string objectKey = "") =>
        _table.Fail(e, operation, stream.Tenant, streamKey, objectKey);

    private Task EnsureTableAsync(LogTarget stream, string streamKey, CancellationToken cancellationToken) =>
        _table.EnsureAsync(stream.Tenant, streamKey, cancellationToken);
}
