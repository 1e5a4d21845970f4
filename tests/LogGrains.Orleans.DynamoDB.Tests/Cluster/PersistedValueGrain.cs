namespace LogGrains.Orleans.DynamoDB.Tests.Cluster;

public sealed class PersistedValueGrain(
    [PersistentState("value", ClusterTestSettings.StorageName)] IPersistentState<PersistedValueState> state,
    ILocalSiloDetails silo) : Grain, IPersistedValueGrain
{
    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string> GetAsync() => Task.FromResult(state.State.Value);

    public Task<SiloAddress> GetHostAsync() => Task.FromResult(silo.SiloAddress);
}
