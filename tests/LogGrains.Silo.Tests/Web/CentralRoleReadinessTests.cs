using System.Globalization;
using System.Net;
using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Web;

/// <summary>An aws-profile silo whose central role STS refuses: unready with the reason, counted on <c>/metrics</c>, ready again once fixed.</summary>
[Collection(MotoTests.Collection)]
public sealed class CentralRoleReadinessTests(MotoServer moto)
{
    [Fact]
    public async Task Readyz_names_a_refused_central_role_and_the_setting_metrics_count_it_and_readiness_returns_once_the_role_works()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        await using var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        var chain = await StagingChain.CreateAsync(moto.Endpoint);
        var settings = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, MotoServer.UniqueName("tenants"));
        proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied)));
        await using var app = SiloApp.Build([], builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }
        });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{settings["LogGrains:Web:Port"]}/") };
        try
        {
            await WaitForReadyzAsync(client, HttpStatusCode.OK, "ready before any delivery needed the central role");

            // A delivery round asks the silo's broker for a tenant's credentials.
            var failed = await Assert.ThrowsAsync<DeliveryException>(() => app.Services.GetRequiredService<StsCredentialBroker>()
                .GetCredentialsAsync("acme", "arn:aws:iam::222222222222:role/customer-log-writer", "123456789012", MotoServer.Region, CancellationToken.None));
            Assert.Equal(DeliveryErrorClass.ClusterBlocked, failed.ErrorClass);

            using (var refused = await client.GetAsync(new Uri("readyz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                var body = await refused.Content.ReadAsStringAsync();
                Assert.StartsWith($"not ready: central role {AwsProfileTestSettings.CentralRoleArn} refused AssumeRole: AccessDenied", body, StringComparison.Ordinal);
                Assert.Contains("check LogGrains__Delivery__CentralRoleArn", body, StringComparison.Ordinal);
            }

            var metrics = await client.GetStringAsync(new Uri("metrics", UriKind.Relative));
            var refusals = metrics.Split('\n').Where(l => l.StartsWith("loggrains_central_role_refusals_total{", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(refusals);
            Assert.Contains("code=\"AccessDenied\"", line, StringComparison.Ordinal);
            Assert.True(double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) >= 1, line);

            // The role is fixed; nothing is delivered meanwhile, so readiness itself tries the central role again.
            proxy.ClearFaults();
            await WaitForReadyzAsync(client, HttpStatusCode.OK, "ready again once the central role works");
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static async Task WaitForReadyzAsync(HttpClient client, HttpStatusCode expected, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(new Uri("readyz", UriKind.Relative));
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.StatusCode == expected)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"/readyz never said {what}; last answer: {last}");
    }
}
