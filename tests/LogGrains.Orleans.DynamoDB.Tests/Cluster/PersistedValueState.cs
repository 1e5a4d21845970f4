namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

[GenerateSerializer, Alias("LogGrains.Tests.PersistedValueState")]
public sealed class PersistedValueState
{
    [Id(0)]
    public string Value { get; set; } = string.Empty;
}
