using Orleans.Storage;

namespace LogGrains.Orleans.DynamoDB;

/// <summary>
/// Options for one named DynamoDB grain storage provider. Several providers may share a table: the item key
/// holds the service id, the grain id and the state name.
/// </summary>
public sealed class DynamoDbGrainStorageOptions : DynamoDbProviderOptions, IStorageProviderSerializerOptions
{
    /// <summary>The default table name.</summary>
    public const string DefaultTableName = "OrleansGrainState";

    /// <summary>Initializes the options with <see cref="DefaultTableName"/>.</summary>
    public DynamoDbGrainStorageOptions()
    {
        TableName = DefaultTableName;
    }

    /// <summary>The silo lifecycle stage at which the table is checked or created.</summary>
    public int InitStage { get; set; } = ServiceLifecycleStage.ApplicationServices;

    /// <summary>The serializer for grain state; defaults to the serializer Orleans configures for storage providers.</summary>
    public IGrainStorageSerializer GrainStorageSerializer { get; set; } = null!;
}
