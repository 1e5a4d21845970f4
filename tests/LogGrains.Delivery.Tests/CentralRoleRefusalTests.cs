using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LogGrains.Grains.Metrics;
using LogGrains.Silo.Web;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Xunit.Abstractions;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// STS refusing the central role is LogGrains' own misconfiguration: no tenant and no object is at fault, so nothing is
/// dead-lettered and no tenant's circuit opens; the silo says so on readiness until the role works again.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class CentralRoleRefusalTests(MotoServer moto, ITestOutputHelper output)
{
    [Fact]
    public async Task Central_role_refused_keeps_every_message_past_its_attempts_blocks_no_tenant_and_readiness_names_the_setting_until_it_works_again()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 2);
        var tenant = MotoServer.UniqueName("central");
        const string account = "717171717171";
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, account, "/loggrains/central"));
        using var failures = new FailedDeliveries(tenant);
        var refused = world.Proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied)));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        var files = Enumerable.Range(0, 3).Select(i => StagedFile.Create(tenant, "api", $"api-{i}", i, 30, first + (i * 1000))).ToList();
        foreach (var file in files)
        {
            await world.UploadAsync(file);
        }

        // Every message comes back more often than LogGrains:Poller:MaxAttempts (2) allows a transient failure.
        await WaitUntilAsync(() => world.Retried() >= files.Count * 3, "every message retried three times");

        Assert.Empty(await world.DeadLettersAsync());
        Assert.Empty(await world.ReadLogsAsync(account));
        var statuses = failures.Statuses();
        Assert.NotEmpty(statuses);
        Assert.All(statuses, s => Assert.Equal("cluster_blocked", s));
        var reasons = world.Cluster.Silos.Select(s => ReadinessOf(s).NotReadyReason()).ToList();
        // Each silo whose broker met the refusal says so (each with its own "since"); one that was never asked is ready.
        var unready = reasons.OfType<string>().ToList();
        Assert.NotEmpty(unready);
        Assert.All(unready, reason =>
        {
            Assert.StartsWith($"central role {DeliveryWorld.CentralRole} refused AssumeRole: AccessDenied", reason, StringComparison.Ordinal);
            Assert.Contains("check LogGrains__Delivery__CentralRoleArn", reason, StringComparison.Ordinal);
        });
        var retriedWhileRefused = world.Retried();
        var refusedCalls = refused.Fired;

        // The central role is fixed: everything waiting is delivered once, and every silo is ready again.
        world.Proxy.ClearFaults();
        await world.WaitUntilSettledAsync(minimumDeleted: files.Count);
        Expect.ExactlyDelivered(await world.ReadLogsAsync(account), "/loggrains/central", files);
        Assert.Empty(await world.DeadLettersAsync());
        await WaitUntilAsync(() => world.Cluster.Silos.All(s => ReadinessOf(s).NotReadyReason() is null), "every silo ready again");
        output.WriteLine(
            $"measured: {retriedWhileRefused} retries of {files.Count} messages while refused, {refusedCalls} refused AssumeRole calls " +
            $"across {world.Cluster.Silos.Count} silos, {unready.Count} silos unready; none dead-lettered; all delivered after the fix");
    }

    private static SiloReadiness ReadinessOf(InProcessSiloHandle silo) =>
        ActivatorUtilities.CreateInstance<SiloReadiness>(silo.ServiceProvider);

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited in vain for {what}.");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The <c>status</c> tag of every failed delivery the silos in this process count for one tenant.</summary>
    private sealed class FailedDeliveries : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<string> _statuses = new();

        public FailedDeliveries(string tenant)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == LogGrainsMetrics.MeterName && instrument.Name == "loggrains.failed.deliveries")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
            {
                string? ofTenant = null, status = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == LogGrainsMetrics.TenantTag)
                    {
                        ofTenant = tag.Value as string;
                    }
                    else if (tag.Key == "status")
                    {
                        status = tag.Value as string;
                    }
                }

                if (ofTenant == tenant && status is not null)
                {
                    _statuses.Enqueue(status);
                }
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Statuses() => [.. _statuses];

        public void Dispose() => _listener.Dispose();
    }
}
