using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LogGrains.Aws.DynamoDb;
using LogGrains.Core.Ports;
using LogGrains.Core.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogGrains.Aws.Usage;

/// <summary>
/// Usage totals in DynamoDB: hash key <c>tenant_id</c>, range key <c>record_key</c>. A tenant's totals are items
/// <c>day#2026-12-03#cloudwatch#3</c> holding one number per count (a day's total is spread over <see cref="TotalShards"/>
/// items, summed on read, so that a busy tenant's streams do not conflict on one item); the ids of the entries already recorded are marker
/// items <c>id#&lt;id&gt;</c> that expire through DynamoDB TTL on <c>expires_at</c>, <see cref="DynamoDbUsageLedgerOptions.IdRetention"/>
/// after their day.
/// </summary>
/// <remarks>
/// Recording entries is one <c>TransactWriteItems</c> per tenant, day and delivery: a <c>Put</c> of each entry's marker
/// on condition that none exists, and one <c>Update</c> that <c>ADD</c>s their counts to the day's total. All happen or
/// none: a transaction cancelled because some markers exist is sent again without those entries (they were recorded
/// before). Transactions cost two write units per item, so n entries together cost 2(n + 1) write request units. Failures are
/// <see cref="DeliveryErrorClass.Transient"/>, except a request DynamoDB rejects as malformed.
/// </remarks>
public sealed class DynamoDbUsageLedger : IUsageLedger, IDisposable
{
    internal const string TenantAttribute = "tenant_id";
    internal const string RecordKeyAttribute = "record_key";
    internal const string ExpiresAtAttribute = "expires_at";
    internal const string RecordedAtAttribute = "recorded_at";
    internal const string DayPrefix = "day#";
    internal const string IdPrefix = "id#";

    private readonly DynamoDbUsageLedgerOptions _options;
    private readonly AmazonDynamoDBClient _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DynamoDbTtlTable _table;

    /// <summary>Creates a ledger.</summary>
    /// <param name="options">Settings; checked as at start-up.</param>
    /// <param name="credentials">The credentials to use; the SDK's default chain when null.</param>
    /// <param name="logger">Where the ledger logs; nothing when null.</param>
    /// <param name="time">The clock for <c>recorded_at</c>; the system's when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public DynamoDbUsageLedger(DynamoDbUsageLedgerOptions options, AWSCredentials? credentials = null, ILogger<DynamoDbUsageLedger>? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = DynamoDbUsageLedgerOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        var config = DynamoDbCalls.Config(options.Region, options.ServiceUrl, options.RequestTimeout, options.MaxErrorRetry);
        _client = credentials is null ? new AmazonDynamoDBClient(config) : new AmazonDynamoDBClient(credentials, config);
        var errors = new DynamoDbErrorClassifier(
            "usage table", options.TableName, options.Region, DynamoDbUsageLedgerOptions.TableNameSetting,
            (operation, tenant, errorClass, code, status) => _logger.RequestFailed(operation, options.TableName, tenant, errorClass, code, status));
        _table = new DynamoDbTtlTable(
            _client, errors, TenantAttribute, RecordKeyAttribute, ExpiresAtAttribute, options.CreateIfNotExists, () => _logger.TableCreated(options.TableName));
    }

    /// <summary>
    /// How many items a day's total is spread over. Transactions on one item conflict with each other, and a busy tenant's
    /// streams record at the same time; an entry goes to the shard its id picks, and a read sums the shards.
    /// </summary>
    internal const int TotalShards = 8;

    /// <summary>Entries per transaction: DynamoDB allows 100 items, and the total's update is one of them.</summary>
    internal const int MaxEntriesPerTransaction = 99;

    /// <summary>How often a transaction cancelled by a conflict with another one on the same total is tried again.</summary>
    private const int MaxConflictAttempts = 6;

    /// <summary>The range key of one shard of a day's total: <c>day#yyyy-MM-dd#delivery#shard</c>.</summary>
    /// <param name="key">The total's key.</param>
    /// <param name="entryId">The id of the entry being added: it picks the shard.</param>
    public static string TotalKey(UsageKey key, string entryId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(entryId);
        var shard = StableShard(entryId);
        return $"{DayPrefix}{key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}#{key.DeliveryName}#{shard}";
    }

    private static int StableShard(string entryId)
    {
        var hash = 2166136261u;
        foreach (var c in entryId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % TotalShards);
    }

    /// <inheritdoc/>
    public async Task<bool> RecordAsync(UsageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await RecordAllAsync([entry], cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Entries of one tenant, day and delivery go into one transaction (at most <see cref="MaxEntriesPerTransaction"/>):
    /// a conditional marker per entry and one <c>ADD</c> of their sum. When some markers exist already, the transaction
    /// is cancelled naming them, and it is sent again without those entries.
    /// </remarks>
    public async Task<int> RecordAllAsync(IReadOnlyList<UsageEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var added = 0;
        foreach (var group in entries.DistinctBy(e => (e.Key.Tenant, e.Id)).GroupBy(e => e.Key))
        {
            await EnsureTableAsync(group.Key.Tenant, cancellationToken).ConfigureAwait(false);
            foreach (var chunk in group.Chunk(MaxEntriesPerTransaction))
            {
                added += await RecordTogetherAsync(group.Key, [.. chunk], cancellationToken).ConfigureAwait(false);
            }
        }

        return added;
    }

    private async Task<int> RecordTogetherAsync(UsageKey key, List<UsageEntry> pending, CancellationToken cancellationToken)
    {
        // Markers found first are left out: the redo after a crash then writes nothing, instead of a transaction that is
        // cancelled (and still consumes its write units).
        var present = await PresentAsync(key.Tenant, pending, cancellationToken).ConfigureAwait(false);
        foreach (var entry in pending.Where(e => present.Contains(e.Id)))
        {
            _logger.AlreadyRecorded(key.Tenant, entry.Id);
        }

        pending = [.. pending.Where(e => !present.Contains(e.Id))];
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            try
            {
                await _client.TransactWriteItemsAsync(Transaction(key, pending), cancellationToken).ConfigureAwait(false);
                return pending.Count;
            }
            catch (TransactionCanceledException e) when (e.CancellationReasons?.Any(r => r.Code == "ConditionalCheckFailed") == true)
            {
                // The reasons are in the order of the items: the markers first, one per pending entry.
                var recorded = e.CancellationReasons.Take(pending.Count).Select((r, i) => (r.Code, i)).Where(r => r.Code == "ConditionalCheckFailed").Select(r => r.i).ToHashSet();
                foreach (var i in recorded)
                {
                    _logger.AlreadyRecorded(key.Tenant, pending[i].Id);
                }

                pending = [.. pending.Where((_, i) => !recorded.Contains(i))];
            }
            catch (TransactionCanceledException e) when (attempt < MaxConflictAttempts && e.CancellationReasons?.Any(r => r.Code == "TransactionConflict") == true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 40 << attempt)), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, "dynamodb:TransactWriteItems", key.Tenant);
            }
        }

        return 0;
    }

    /// <summary>The ids among <paramref name="entries"/> whose marker exists (a strongly consistent read).</summary>
    private async Task<HashSet<string>> PresentAsync(string tenant, List<UsageEntry> entries, CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        var keys = new KeysAndAttributes
        {
            ConsistentRead = true,
            ProjectionExpression = "#key",
            ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#key"] = RecordKeyAttribute },
            Keys = [.. entries.Select(e => new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
            {
                [TenantAttribute] = new() { S = tenant },
                [RecordKeyAttribute] = new() { S = IdPrefix + e.Id },
            })],
        };
        for (var attempt = 1; keys.Keys is { Count: > 0 }; attempt++)
        {
            BatchGetItemResponse response;
            try
            {
                response = await _client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = new() { [_options.TableName] = keys } }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, "dynamodb:BatchGetItem", tenant);
            }

            foreach (var item in response.Responses?.GetValueOrDefault(_options.TableName) ?? [])
            {
                present.Add(item[RecordKeyAttribute].S[IdPrefix.Length..]);
            }

            keys = response.UnprocessedKeys?.GetValueOrDefault(_options.TableName) ?? new KeysAndAttributes();
            if (keys.Keys is { Count: > 0 })
            {
                if (attempt > _options.MaxErrorRetry)
                {
                    // Unread markers: the transaction's conditions still decide.
                    break;
                }

                keys.ConsistentRead = true;
                await Task.Delay(TimeSpan.FromMilliseconds(50 << Math.Min(attempt, 6)), cancellationToken).ConfigureAwait(false);
            }
        }

        return present;
    }

    /// <summary>A marker per entry (on condition that none exists), then one <c>ADD</c> of their counts to the shard the first id picks.</summary>
    private TransactWriteItemsRequest Transaction(UsageKey key, List<UsageEntry> entries)
    {
        var expiresAt = Number((new DateTimeOffset(key.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + _options.IdRetention).ToUnixTimeSeconds());
        var recordedAt = Number(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var items = entries.Select(entry => new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _options.TableName,
                Item = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    [TenantAttribute] = new() { S = key.Tenant },
                    [RecordKeyAttribute] = new() { S = IdPrefix + entry.Id },
                    [ExpiresAtAttribute] = expiresAt,
                    [RecordedAtAttribute] = recordedAt,
                },
                ConditionExpression = "attribute_not_exists(#key)",
                ExpressionAttributeNames = new Dictionary<string, string>(StringComparer.Ordinal) { ["#key"] = RecordKeyAttribute },
            },
        }).ToList();

        var sum = entries.Aggregate(UsageCounts.Zero, (total, entry) => total + entry.Counts);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal);
        var adds = new List<string>();
        for (var i = 0; i < UsageCounts.FieldNames.Count; i++)
        {
            names[$"#c{i}"] = UsageCounts.FieldNames[i];
            values[$":c{i}"] = Number(sum.Values[i]);
            adds.Add($"#c{i} :c{i}");
        }

        items.Add(new TransactWriteItem
        {
            Update = new Update
            {
                TableName = _options.TableName,
                Key = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
                {
                    [TenantAttribute] = new() { S = key.Tenant },
                    [RecordKeyAttribute] = new() { S = TotalKey(key, entries[0].Id) },
                },
                UpdateExpression = "ADD " + string.Join(", ", adds),
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
            },
        });
        return new TransactWriteItemsRequest { TransactItems = items };
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<UsageTotal>> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tenant = query.Tenant ?? string.Empty;
        await EnsureTableAsync(tenant, cancellationToken).ConfigureAwait(false);
        var from = $"{DayPrefix}{query.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var to = $"{DayPrefix}{query.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}#~";
        var names = new Dictionary<string, string>(StringComparer.Ordinal) { ["#key"] = RecordKeyAttribute };
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [":from"] = new() { S = from }, [":to"] = new() { S = to } };
        var totals = new List<UsageTotal>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            List<Dictionary<string, AttributeValue>> items;
            try
            {
                if (query.Tenant is null)
                {
                    var scan = await _client.ScanAsync(new ScanRequest
                    {
                        TableName = _options.TableName,
                        FilterExpression = "#key BETWEEN :from AND :to",
                        ExpressionAttributeNames = names,
                        ExpressionAttributeValues = values,
                        ExclusiveStartKey = start,
                        ConsistentRead = true,
                    }, cancellationToken).ConfigureAwait(false);
                    (items, start) = (scan.Items ?? [], scan.LastEvaluatedKey is { Count: > 0 } next ? next : null);
                }
                else
                {
                    var tenantValues = new Dictionary<string, AttributeValue>(values, StringComparer.Ordinal) { [":tenant"] = new() { S = query.Tenant } };
                    var page = await _client.QueryAsync(new QueryRequest
                    {
                        TableName = _options.TableName,
                        KeyConditionExpression = $"{TenantAttribute} = :tenant AND #key BETWEEN :from AND :to",
                        ExpressionAttributeNames = names,
                        ExpressionAttributeValues = tenantValues,
                        ExclusiveStartKey = start,
                        ConsistentRead = true,
                    }, cancellationToken).ConfigureAwait(false);
                    (items, start) = (page.Items ?? [], page.LastEvaluatedKey is { Count: > 0 } next ? next : null);
                }
            }
            catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
            {
                throw Classify(e, query.Tenant is null ? "dynamodb:Scan" : "dynamodb:Query", tenant);
            }

            totals.AddRange(items.Select(FromItem).OfType<UsageTotal>().Where(t => query.Includes(t.Key)));
        }
        while (start is not null);

        return UsageBook.Order(totals.GroupBy(t => t.Key).Select(shards => new UsageTotal(shards.Key, shards.Aggregate(UsageCounts.Zero, (sum, t) => sum + t.Counts))));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _client.Dispose();
        _table.Dispose();
    }

    private static UsageTotal? FromItem(Dictionary<string, AttributeValue> item)
    {
        var recordKey = item[RecordKeyAttribute].S;
        var parts = recordKey.Split('#');
        if (parts.Length != 4
            || !DateOnly.TryParseExact(parts[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !UsageKey.TryParseDelivery(parts[2], out var delivery))
        {
            return null;
        }

        var counts = UsageCounts.FromValues([.. UsageCounts.FieldNames.Select(f =>
            item.GetValueOrDefault(f)?.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : 0L)]);
        return new UsageTotal(new UsageKey(item[TenantAttribute].S, day, delivery), counts);
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private DeliveryException Classify(Exception e, string operation, string tenant) => _table.Fail(e, operation, tenant, tenant);

    private Task EnsureTableAsync(string tenant, CancellationToken cancellationToken) => _table.EnsureAsync(tenant, tenant, cancellationToken);
}
