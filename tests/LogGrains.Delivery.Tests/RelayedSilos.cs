using System.Net;
using LogGrains.Aws.Hosting;
using LogGrains.Grains.Hosting;
using LogGrains.Silo.Hosting;
using LogGrains.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// Silos that talk to each other over real TCP, each through a <see cref="RecordingTcpRelay"/>: a silo listens on one
/// loopback port and advertises its relay's port, so every byte one silo sends another passes through a relay
/// (Orleans' in-process test cluster uses an in-memory transport, which has no bytes to capture). Wired like the AWS
/// profile, with development clustering, memory grain storage and random placement, so that a grain lands on either
/// silo whoever calls it first.
/// </summary>
internal sealed class RelayedSilos : IAsyncDisposable
{
    private RelayedSilos(IReadOnlyList<IHost> hosts, IReadOnlyList<RecordingTcpRelay> relays)
    {
        Hosts = hosts;
        Relays = relays;
    }

    public IReadOnlyList<IHost> Hosts { get; }

    public IReadOnlyList<RecordingTcpRelay> Relays { get; }

    public IGrainFactory Grains => Hosts[0].Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts <paramref name="count"/> silos with <paramref name="settings"/>; the first is the primary.</summary>
    public static async Task<RelayedSilos> StartAsync(IReadOnlyDictionary<string, string?> settings, int count = 2)
    {
        var listening = Enumerable.Range(0, count).Select(_ => new IPEndPoint(IPAddress.Loopback, LoopbackPort.Free())).ToList();
        var relays = listening.Select(RecordingTcpRelay.Start).ToList();
        var primary = new IPEndPoint(IPAddress.Loopback, relays[0].Port);
        var clusterId = $"relayed-{Guid.NewGuid():N}";
        var hosts = new List<IHost>();
        for (var i = 0; i < count; i++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ApplicationName = $"relayed-silo-{i}",
                EnvironmentName = Environments.Development,
                DisableDefaults = true,
            });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddLogGrainsAwsAdapters(AwsProfileSettings.From(builder.Configuration));
            var relayPort = relays[i].Port;
            var listen = listening[i];
            builder.UseOrleans(silo =>
            {
                silo.UseDevelopmentClustering(primary);
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
                silo.Configure<EndpointOptions>(o =>
                {
                    o.AdvertisedIPAddress = IPAddress.Loopback;
                    o.SiloPort = relayPort;
                    o.SiloListeningEndpoint = listen;
                    o.GatewayPort = 0;
                });
                silo.AddMemoryGrainStorage(SiloHostExtensions.StorageName);
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LogGrainsClusterOptions.GrainCallTimeout);
            });
            builder.Services.AddSingleton<PlacementStrategy, RandomPlacement>();
            builder.Services.AddLogGrainsDelivery();
            var host = builder.Build();
            await host.StartAsync();
            hosts.Add(host);
        }

        return new RelayedSilos(hosts, relays);
    }

    /// <summary>Whether any silo-to-silo connection carried <paramref name="needle"/> (UTF-8).</summary>
    public bool TrafficContains(string needle) => Relays.Any(r => r.Contains(System.Text.Encoding.UTF8.GetBytes(needle)));

    /// <summary>Bytes carried between silos so far.</summary>
    public long TrafficBytes => Relays.Sum(r => r.ByteCount);

    /// <summary>Which silo each activation of the grains of a tenant lives on: grain class name → key → silo.</summary>
    public async Task<IReadOnlyList<(string GrainType, string Key, SiloAddress Silo)>> ActivationsAsync()
    {
        var statistics = await Grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return [.. statistics.Select(s => (s.GrainType, s.GrainId.Key.ToString() ?? string.Empty, s.SiloAddress))];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts.Reverse())
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(stopping.Token);
            host.Dispose();
        }

        foreach (var relay in Relays)
        {
            await relay.DisposeAsync();
        }
    }
}
