using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Testing.Ports;

/// <summary>
/// Every port the grains use, in memory, and the clock: a silo that registers them as its singletons runs the grains
/// with no AWS and no moto; the owner scripts the fakes and reads what they received.
/// </summary>
public sealed class FakePorts
{
    public FakeTenantStore Tenants { get; } = new();

    public FakeCredentialBroker Broker { get; } = new();

    public FakeObjectReader Objects { get; } = new();

    public FakeLogDestination Destination { get; } = new();

    public FakeCheckpointStore Checkpoints { get; } = new();

    public FakeObjectCopier Copier { get; } = new();

    public FakeUsageLedger Usage { get; } = new();

    public ShiftedTimeProvider Clock { get; } = new();

    /// <summary>Registers each fake as the silo's implementation of its port, and <see cref="Clock"/> as its <see cref="TimeProvider"/>.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<ITenantStore>(Tenants);
        services.AddSingleton<ICredentialBroker>(Broker);
        services.AddSingleton<IObjectReader>(Objects);
        services.AddSingleton<ILogDestination>(Destination);
        services.AddSingleton<ICheckpointStore>(Checkpoints);
        services.AddSingleton<IObjectCopier>(Copier);
        services.AddSingleton<IUsageLedger>(Usage);
        services.AddSingleton<TimeProvider>(Clock);
    }
}
