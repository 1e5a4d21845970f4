using LogGrains.Core.Batching;
using LogGrains.Grains.Metrics;
using LogGrains.Testing.Ports;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace LogGrains.Grains.Tests;

/// <summary>
/// One silo running the LogGrains grains over in-memory fakes of every port (no AWS, no moto). The fakes are the
/// silo's singletons, so a test scripts them and reads what they received. One world per test class: tests in a
/// class use their own tenants and streams, so they share it without seeing each other.
/// </summary>
public sealed class GrainWorld : IAsyncLifetime
{
    public const string Region = "eu-west-1";
    public const string LogGroup = "/loggrains/grain-tests";

    /// <summary>Small enough that a few objects of 20 events fill a request; large enough that each such object is one batch.</summary>
    public const int MaxEventsPerRequest = 50;

    private static int _unique;

    internal FakePorts Ports { get; } = new();

    internal FakeTenantStore Tenants => Ports.Tenants;

    internal FakeCredentialBroker Broker => Ports.Broker;

    internal FakeObjectReader Objects => Ports.Objects;

    internal FakeLogDestination Destination => Ports.Destination;

    internal FakeCheckpointStore Checkpoints => Ports.Checkpoints;

    internal FakeObjectCopier Copier => Ports.Copier;

    internal FakeUsageLedger Usage => Ports.Usage;

    internal ShiftedTimeProvider Clock => Ports.Clock;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>How long a tenant's circuit stays open.</summary>
    public static TimeSpan Cooldown => TimeSpan.FromMinutes(2);

    /// <summary>How long a stream waits for an unconfirmed request's events to become readable.</summary>
    public static TimeSpan ReadbackSettleTime => TimeSpan.FromSeconds(2);

    /// <summary>A name no other test of the run uses.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _unique)}";

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            var services = host.Services;
            Ports.Register(services);
            services.AddMetrics();
            services.AddOptions<LogGrainsMetricsOptions>();
            services.AddSingleton<LogGrainsMetrics>();
            services.AddOptions<DeliveryOptions>().Configure(o =>
            {
                o.ClusterRegion = Region;
                o.CentralAccountId = "111122223333";
                o.Limits = new BatchLimits { MaxEventsPerBatch = MaxEventsPerRequest };
                o.MaxPutAttempts = 3;
                o.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
                o.RetryMaxDelay = TimeSpan.FromMilliseconds(20);
                o.TenantBlockedCooldown = Cooldown;

                // Objects announced together (within this) share requests; long enough for a loaded machine.
                o.StreamLinger = TimeSpan.FromMilliseconds(500);
                o.IdleStreamLinger = TimeSpan.FromMilliseconds(500);

                // Short, so that the read-after-write tests wait it out quickly.
                o.ReadbackSettleTime = ReadbackSettleTime;
            });
        });
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage("loggrains"));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
