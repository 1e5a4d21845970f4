using System.Diagnostics;
using System.Globalization;
using LogGrains.Grains.Polling;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Processes;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// A silo told to stop (SIGTERM, as Kubernetes stops a pod) while every AWS endpoint has gone away mid-delivery: it
/// must still exit by its own deadline (<c>LogGrains:Shutdown:GracePeriod</c> + 33 s), with exit code 3 and a line
/// that says why, so that a rollout during an AWS outage is not held up to the pod's kill. Before the deadline it took
/// 120.6 s with a 3 s grace: Orleans tried for a minute at each of two steps to mark the silo dead in DynamoDB.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class ShutdownWithoutAwsTests(MotoServer moto)
{
    private const string Account = "797979797979";
    private const string Group = "/loggrains/shutdown-no-aws";
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_silo_stopped_while_AWS_is_unreachable_exits_within_its_shutdown_budget()
    {
        await using var world = await DeliveryWorld.CreateAsync(moto, maxAttempts: 50, startCluster: false);
        var tenant = MotoServer.UniqueName("noaws");
        await world.PutTenantAsync(DeliveryWorld.CloudWatch(tenant, Account, Group));
        var first = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();
        for (var i = 0; i < 24; i++)
        {
            await world.UploadAsync(StagedFile.Create(tenant, "api", $"api-{i % 4}", i, 1_000, first + (i * 10_000), messagePadding: 200));
        }

        var settings = world.ProcessSettings();
        settings["LogGrains:Shutdown:GracePeriod"] = GracePeriod.ToString("c", CultureInfo.InvariantCulture);
        var log = Path.Combine(Path.GetTempPath(), $"{tenant}.log");
        using var silo = SiloProcess.Start(SiloProcess.Find(null), settings, log);
        try
        {
            // Stopped with deliveries under way, stream grains holding state, and the rest of the backlog queued.
            await SiloProcess.WaitAsync(() => Task.FromResult(UsageReadback.AcceptedPuts(world) >= 2), "two accepted PutLogEvents", silo, TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(10));
            foreach (var service in new[] { "dynamodb", "sqs", "s3", "sts", "logs" })
            {
                world.Proxy.Inject(FaultRule.Always(service, null, new FaultAction.Drop()));
            }

            // The margin is the process' own teardown on a shared machine.
            var deadline = new ShutdownOptions { GracePeriod = GracePeriod }.ExitDeadline;
            var clock = Stopwatch.StartNew();
            var exited = await SiloProcess.TerminateAsync(silo, deadline + TimeSpan.FromSeconds(15));
            Assert.True(exited, $"the silo had not exited {clock.Elapsed.TotalSeconds:F0} s after SIGTERM with AWS unreachable; its deadline is {deadline.TotalSeconds:F0} s");

            Console.WriteLine($"shutdown without AWS: exited {clock.Elapsed.TotalSeconds:F1} s after SIGTERM (deadline {deadline.TotalSeconds:F0} s), exit code {silo.ExitCode}");
            Assert.Equal(ShutdownOptions.StopOverranExitCode, silo.ExitCode);
            Assert.Contains(File.ReadLines(log), line => line.Contains("had not finished stopping", StringComparison.Ordinal) && line.Contains("LogGrains:Shutdown:GracePeriod 3 s", StringComparison.Ordinal));
        }
        finally
        {
            if (!silo.HasExited)
            {
                silo.Kill(entireProcessTree: true);
                await silo.WaitForExitAsync();
            }

            File.Delete(log);
        }
    }
}
