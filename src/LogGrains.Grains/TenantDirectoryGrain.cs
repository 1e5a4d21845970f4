using LogGrains.Abstractions;

namespace LogGrains.Grains;

/// <summary>The cluster-wide, persistent list of tenants that have had traffic.</summary>
public sealed class TenantDirectoryGrain(
    [PersistentState("directory", "loggrains")] IPersistentState<TenantDirectoryState> state) : Grain, ITenantDirectoryGrain
{
    /// <inheritdoc />
    public async Task Register(string tenant)
    {
        if (state.State.Tenants.Add(tenant))
        {
            await state.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> List() =>
        Task.FromResult<IReadOnlyList<string>>([.. state.State.Tenants.Order(StringComparer.Ordinal)]);
}
