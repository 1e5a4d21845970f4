using Microsoft.Extensions.Options;

namespace LogGrains.Orleans.DynamoDB;

/// <summary>Stops start-up when <see cref="DynamoDbClusteringOptions"/> are unusable.</summary>
internal sealed class DynamoDbClusteringOptionsValidator(IOptions<DynamoDbClusteringOptions> options) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        var errors = DynamoDbProviderOptionsChecks.Check(options.Value, "DynamoDB clustering");
        if (errors.Count > 0)
        {
            throw new OrleansConfigurationException(string.Join(Environment.NewLine, errors));
        }
    }
}
