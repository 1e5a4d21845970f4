using LogGrains.Testing.Moto;

namespace LogGrains.Orleans.DynamoDB.Tests;

/// <summary>Points provider options at the shared moto server with its default test credentials.</summary>
internal static class MotoOptions
{
    public const string AccessKey = "testing";
    public const string SecretKey = "testing";

    public static T Apply<T>(T options, Uri endpoint, string tableName)
        where T : DynamoDbProviderOptions
    {
        options.ServiceUrl = endpoint.ToString();
        options.Region = MotoServer.Region;
        options.AccessKey = AccessKey;
        options.SecretKey = SecretKey;
        options.TableName = tableName;
        return options;
    }
}
