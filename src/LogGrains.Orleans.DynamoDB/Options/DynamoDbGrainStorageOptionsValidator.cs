
namespace LogGrains.Orleans.DynamoDB;

/// <summary>Stops start-up when the <see cref="DynamoDbGrainStorageOptions"/> of one named provider are unusable.</summary>
internal sealed class DynamoDbGrainStorageOptionsValidator(DynamoDbGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var owner = $"grain storage '{name}'";
        var errors = DynamoDbProviderOptionsChecks.Check(options, owner);
        if (options.GrainStorageSerializer is null)
        {
            errors.Add($"{nameof(DynamoDbGrainStorageOptions)}.{nameof(options.GrainStorageSerializer)} for {owner} is not set.");
        }

        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
