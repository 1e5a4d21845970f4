using Amazon.DynamoDBv2.Model;
using LogGrains.Aws.Tenants;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Tests.Tenants;

/// <summary>Tenant tables in moto, raw items written past the store, and stores pointed at the fault proxy.</summary>
internal static class TenantTables
{
    public const string CustomerRole = "arn:aws:iam::222222222222:role/customer-log-writer";

    public static async Task<string> CreateAsync(MotoServer moto, TenantTableShape shape)
    {
        var name = MotoServer.UniqueName("tenants");
        using var dynamoDb = TestAws.DynamoDb(moto.Endpoint);
        await DynamoDbTenantStore.CreateTableAsync(dynamoDb, name, shape, CancellationToken.None);
        return name;
    }

    public static DynamoDbTenantStore Store(
        AwsFaultProxy proxy, string tableName, int? pageSize = null, ILogger<DynamoDbTenantStore>? logger = null, int maxErrorRetry = 3) =>
        new(
            new DynamoDbTenantStoreOptions
            {
                TableName = tableName,
                Region = MotoServer.Region,
                ServiceUrl = proxy.Endpoint,
                PageSize = pageSize,
                MaxErrorRetry = maxErrorRetry,
            },
            TestAws.DefaultCredentials,
            logger);

    public static async Task PutRawAsync(MotoServer moto, string tableName, Dictionary<string, AttributeValue> item)
    {
        using var dynamoDb = TestAws.DynamoDb(moto.Endpoint);
        await dynamoDb.PutItemAsync(new PutItemRequest { TableName = tableName, Item = item });
    }

    public static async Task<int> CountRawAsync(MotoServer moto, string tableName)
    {
        using var dynamoDb = TestAws.DynamoDb(moto.Endpoint);
        var scanned = await dynamoDb.ScanAsync(new ScanRequest { TableName = tableName, ConsistentRead = true });
        return scanned.Count ?? 0;
    }

    public static AttributeValue S(string value) => new() { S = value };
}
