using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.DynamoDb;

/// <summary>
/// An adapter's table with a hash and a range key whose items expire through DynamoDB TTL: checked once before first use
/// (it exists, has the expected keys, is active), created on demand with TTL on when the adapter's settings allow it, and
/// checked again after a call finds it missing.
/// </summary>
/// <param name="client">The adapter's client; not disposed here.</param>
/// <param name="errors">How the adapter names failures; <see cref="Fail"/> goes through it.</param>
/// <param name="hashKey">The hash key attribute (a string).</param>
/// <param name="rangeKey">The range key attribute (a string).</param>
/// <param name="expiresAtAttribute">The TTL attribute (epoch seconds).</param>
/// <param name="createIfNotExists">Whether a missing table is created instead of reported.</param>
/// <param name="created">The adapter's log event for a table it created.</param>
internal sealed class DynamoDbTtlTable(
    IAmazonDynamoDB client, DynamoDbErrorClassifier errors, string hashKey, string rangeKey, string expiresAtAttribute, bool createIfNotExists, Action created) : IDisposable
{
    private const string DescribeOperation = "dynamodb:DescribeTable";
    private const string CreateOperation = "dynamodb:CreateTable";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    /// <summary>The failure of a call on the table (see <see cref="DynamoDbErrorClassifier.Classify"/>); a missing table is checked again before the next call.</summary>
    public DeliveryException Fail(Exception e, string operation, string tenant, string subject, string objectKey = "")
    {
        if (DynamoDbErrorClassifier.IsTableMissing(e))
        {
            _ready = false;
        }

        return errors.Classify(e, operation, tenant, subject, objectKey);
    }

    /// <summary>Makes sure the table is there and active, creating it when allowed; only the first call (and the first after a failure) asks DynamoDB.</summary>
    /// <param name="tenant">The tenant a failure is reported for.</param>
    /// <param name="subject">What the call is for, as failures log it.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task EnsureAsync(string tenant, string subject, CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var description = await DescribeAsync(tenant, subject, cancellationToken).ConfigureAwait(false);
            if (description is null)
            {
                if (!createIfNotExists)
                {
                    throw new DeliveryException(DeliveryErrorClass.Transient, DescribeOperation, tenant, "", $"{errors.Missing}; deploy it with the regional stack");
                }

                description = await CreateAsync(tenant, subject, cancellationToken).ConfigureAwait(false);
            }

            var hash = description.KeySchema?.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
            var range = description.KeySchema?.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
            if (hash != hashKey || range != rangeKey)
            {
                throw new DeliveryException(
                    DeliveryErrorClass.Transient, DescribeOperation, tenant, "",
                    $"{errors.LabelWithSetting} has key schema (hash '{hash}', range '{range}'), expected (hash '{hashKey}', range '{rangeKey}')");
            }

            for (var wait = 0; description.TableStatus != TableStatus.ACTIVE; wait++)
            {
                if (wait >= 120)
                {
                    throw new DeliveryException(
                        DeliveryErrorClass.Transient, DescribeOperation, tenant, "", $"{errors.Label} is {description.TableStatus}, not ACTIVE, after 60 s");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
                description = await DescribeAsync(tenant, subject, cancellationToken).ConfigureAwait(false) ?? description;
            }

            _ready = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _gate.Dispose();

    private async Task<TableDescription?> DescribeAsync(string tenant, string subject, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.DescribeTableAsync(new DescribeTableRequest { TableName = errors.TableName }, cancellationToken).ConfigureAwait(false)).Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Fail(e, DescribeOperation, tenant, subject);
        }
    }

    private async Task<TableDescription> CreateAsync(string tenant, string subject, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = errors.TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(hashKey, ScalarAttributeType.S),
                new AttributeDefinition(rangeKey, ScalarAttributeType.S),
            ],
            KeySchema =
            [
                new KeySchemaElement(hashKey, KeyType.HASH),
                new KeySchemaElement(rangeKey, KeyType.RANGE),
            ],
        };
        TableDescription description;
        try
        {
            description = (await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false)).TableDescription;
            created();
        }
        catch (ResourceInUseException)
        {
            // Another silo created it first.
            return await DescribeAsync(tenant, subject, cancellationToken).ConfigureAwait(false)
                ?? throw new DeliveryException(DeliveryErrorClass.Transient, CreateOperation, tenant, "", $"{errors.Label} is in use but cannot be described");
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Fail(e, CreateOperation, tenant, subject);
        }

        try
        {
            await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
            {
                TableName = errors.TableName,
                TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = expiresAtAttribute, Enabled = true },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (DynamoDbCalls.IsCallFailure(e, cancellationToken))
        {
            throw Fail(e, "dynamodb:UpdateTimeToLive", tenant, subject);
        }

        return description;
    }
}
