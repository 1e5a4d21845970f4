namespace LogGrains.Orleans.DynamoDB;

/// <summary>
/// Options for the DynamoDB membership table (silos) and gateway list provider (clients). One table holds any
/// number of clusters: the partition key is the cluster id.
/// </summary>
public sealed class DynamoDbClusteringOptions : DynamoDbProviderOptions
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "OrleansMembership";

    /// <summary>Initializes the options with <see cref="DefaultTableName"/>.</summary>
    public DynamoDbClusteringOptions()
    {
        TableName = DefaultTableName;
    }
}
