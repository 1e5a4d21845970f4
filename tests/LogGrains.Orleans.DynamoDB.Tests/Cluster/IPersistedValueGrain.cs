namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

/// <summary>A grain that keeps one string in DynamoDB grain storage and tells where it runs.</summary>
public interface IPersistedValueGrain : IGrainWithStringKey
{
    Task SetAsync(string value);

    Task<string> GetAsync();

    Task<SiloAddress> GetHostAsync();
}
