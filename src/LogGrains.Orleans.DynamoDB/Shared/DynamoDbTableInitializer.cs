using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace LogGrains.Orleans.DynamoDB.Shared;

/// <summary>Makes sure a provider's table exists with the expected key schema and is ACTIVE.</summary>
internal static class DynamoDbTableInitializer
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task EnsureTableAsync(
        IAmazonDynamoDB client,
        DynamoDbProviderOptions options,
        string hashKey,
        string rangeKey,
        string owner,
        CancellationToken cancellationToken)
    {
        var tableName = options.TableName;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.TableActivationTimeout);
        try
        {
            var description = await DescribeAsync(client, tableName, timeout.Token).ConfigureAwait(false);
            if (description is null)
            {
                if (!options.CreateIfNotExists)
                {
                    throw new InvalidOperationException(
                        $"DynamoDB table '{tableName}' for {owner} does not exist and {options.GetType().Name}.{nameof(options.CreateIfNotExists)} is false.");
                }

                description = await CreateAsync(client, tableName, hashKey, rangeKey, timeout.Token).ConfigureAwait(false);
            }

            CheckKeySchema(description, hashKey, rangeKey, owner);
            while (description.TableStatus != TableStatus.ACTIVE)
            {
                await Task.Delay(PollInterval, timeout.Token).ConfigureAwait(false);
                description = await DescribeAsync(client, tableName, timeout.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"DynamoDB table '{tableName}' for {owner} disappeared while waiting for it to become ACTIVE.");
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"DynamoDB table '{tableName}' for {owner} did not become ACTIVE within {options.GetType().Name}.{nameof(options.TableActivationTimeout)} ({options.TableActivationTimeout}).");
        }
    }

    private static async Task<TableDescription?> DescribeAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken).ConfigureAwait(false);
            return response.Table;
        }
        catch (ResourceNotFoundException)
        {
            return null;
        }
    }

    private static async Task<TableDescription> CreateAsync(
        IAmazonDynamoDB client, string tableName, string hashKey, string rangeKey, CancellationToken cancellationToken)
    {
        var request = new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition { AttributeName = hashKey, AttributeType = ScalarAttributeType.S },
                new AttributeDefinition { AttributeName = rangeKey, AttributeType = ScalarAttributeType.S },
            ],
            KeySchema =
            [
                new KeySchemaElement { AttributeName = hashKey, KeyType = KeyType.HASH },
                new KeySchemaElement { AttributeName = rangeKey, KeyType = KeyType.RANGE },
            ],
        };
        try
        {
            var response = await client.CreateTableAsync(request, cancellationToken).ConfigureAwait(false);
            return response.TableDescription;
        }
        catch (ResourceInUseException)
        {
            // Another silo created it first.
            return await DescribeAsync(client, tableName, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"DynamoDB table '{tableName}' was reported in use but cannot be described.");
        }
    }

    private static void CheckKeySchema(TableDescription description, string hashKey, string rangeKey, string owner)
    {
        var schema = description.KeySchema ?? [];
        var hash = schema.FirstOrDefault(k => k.KeyType == KeyType.HASH)?.AttributeName;
        var range = schema.FirstOrDefault(k => k.KeyType == KeyType.RANGE)?.AttributeName;
        if (hash != hashKey || range != rangeKey)
        {
            throw new InvalidOperationException(
                $"DynamoDB table '{description.TableName}' for {owner} has key schema (hash '{hash}', range '{range}'), expected (hash '{hashKey}', range '{rangeKey}').");
        }
    }
}
