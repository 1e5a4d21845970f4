using Microsoft.Extensions.Configuration;

namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

/// <summary>
/// The TestClusterBuilder properties that tell silos and clients where moto and their tables are; the
/// configurators are created by type name, so this is how the test hands them values.
/// </summary>
internal static class ClusterTestSettings
{
    public const string StorageName = "dynamo";
    public const string EndpointKey = "DynamoDbTest:Endpoint";
    public const string MembershipTableKey = "DynamoDbTest:MembershipTable";
    public const string GrainStateTableKey = "DynamoDbTest:GrainStateTable";

    public static void ApplyMembership(DynamoDbClusteringOptions options, IConfiguration configuration) =>
        MotoOptions.Apply(options, new Uri(Required(configuration, EndpointKey)), Required(configuration, MembershipTableKey));

    public static void ApplyStorage(DynamoDbGrainStorageOptions options, IConfiguration configuration) =>
        MotoOptions.Apply(options, new Uri(Required(configuration, EndpointKey)), Required(configuration, GrainStateTableKey));

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"Test cluster property '{key}' is missing.");
}
