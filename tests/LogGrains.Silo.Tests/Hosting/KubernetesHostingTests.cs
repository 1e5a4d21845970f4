using System.Net;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace LogGrains.Silo.Tests.Hosting;

/// <summary>
/// The switch <c>LogGrains:Cluster:Kubernetes</c>: built through <see cref="SiloHostExtensions.AddLogGrains(WebApplicationBuilder)"/>
/// with the pod's variables given as a fake environment, so no test changes the process environment Orleans reads.
/// </summary>
public sealed class KubernetesHostingTests
{
    private static readonly Dictionary<string, string> PodEnvironment = new(StringComparer.Ordinal)
    {
        ["POD_NAME"] = "loggrains-silo-7d9f8-abcde",
        ["POD_NAMESPACE"] = "loggrains",
        ["POD_IP"] = "10.1.2.3",
        ["ORLEANS_CLUSTER_ID"] = "loggrains-prod",
        ["ORLEANS_SERVICE_ID"] = "loggrains",
    };

    [Theory]
    [InlineData("LogGrains:Cluster:ClusterId", "ORLEANS_CLUSTER_ID")]
    [InlineData("LogGrains:Cluster:ServiceId", "ORLEANS_SERVICE_ID")]
    public void A_cluster_identity_that_disagrees_with_the_Orleans_variable_stops_start_up_with_one_line_naming_both(string setting, string variable)
    {
        var builder = AwsBuilder(new() { [KubernetesHosting.EnabledSetting] = "true", [setting] = "something-else" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLogGrains(Lookup(PodEnvironment)));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("'something-else'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{PodEnvironment[variable]}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task Agreeing_ids_turn_on_Kubernetes_hosting_with_the_pod_IP_advertised()
    {
        var builder = AwsBuilder(new()
        {
            [KubernetesHosting.EnabledSetting] = "true",
            ["LogGrains:Cluster:ClusterId"] = PodEnvironment["ORLEANS_CLUSTER_ID"],
            ["LogGrains:Cluster:ServiceId"] = PodEnvironment["ORLEANS_SERVICE_ID"],
        });

        builder.AddLogGrains(Lookup(PodEnvironment));

        Assert.True(HasKubernetesAgent(builder.Services), "Kubernetes hosting's cluster agent is not registered");
        await using var app = builder.Build();
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        Assert.Equal(IPAddress.Parse(PodEnvironment["POD_IP"]), endpoints.AdvertisedIPAddress);
        Assert.Equal(IPAddress.Any, endpoints.SiloListeningEndpoint?.Address);
        var cluster = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        Assert.Equal(PodEnvironment["ORLEANS_CLUSTER_ID"], cluster.ClusterId);
    }

    [Fact]
    public void The_aws_profile_leaves_Kubernetes_hosting_off_unless_switched_on()
    {
        var builder = AwsBuilder([]);

        builder.AddLogGrains(Lookup(PodEnvironment));

        Assert.False(HasKubernetesAgent(builder.Services), "Kubernetes hosting is on without LogGrains:Cluster:Kubernetes");
    }

    [Fact]
    public void The_local_profile_never_uses_Kubernetes_hosting_even_inside_a_pod()
    {
        var builder = WebApplication.CreateBuilder();
        var root = Path.Combine(Path.GetTempPath(), "loggrains-k8s-" + Guid.NewGuid().ToString("N"));
        builder.Configuration["LogGrains:Profile"] = "local";
        builder.Configuration["LogGrains:Local:Root"] = root;
        try
        {
            builder.AddLogGrains(Lookup(PodEnvironment));

            Assert.False(HasKubernetesAgent(builder.Services), "the local profile registered Kubernetes hosting");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_switch_in_the_local_profile_is_refused_naming_both_settings()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["LogGrains:Profile"] = "local";
        builder.Configuration[KubernetesHosting.EnabledSetting] = "true";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLogGrains(Lookup(PodEnvironment)));

        Assert.Contains(KubernetesHosting.EnabledSetting, error.Message, StringComparison.Ordinal);
        Assert.Contains("LogGrains:Profile", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POD_NAME", "metadata.name")]
    [InlineData("POD_NAMESPACE", "metadata.namespace")]
    [InlineData("POD_IP", "status.podIP")]
    public void A_missing_downward_API_variable_stops_start_up_naming_it_and_its_field(string variable, string field)
    {
        var environment = new Dictionary<string, string>(PodEnvironment, StringComparer.Ordinal);
        environment.Remove(variable);
        var builder = AwsBuilder(new() { [KubernetesHosting.EnabledSetting] = "true" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLogGrains(Lookup(environment)));

        Assert.Contains($"{variable} from {field}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_that_is_not_a_boolean_is_refused_naming_it()
    {
        var builder = AwsBuilder(new() { [KubernetesHosting.EnabledSetting] = "yes" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLogGrains(Lookup(PodEnvironment)));

        Assert.Contains(KubernetesHosting.EnabledSetting, error.Message, StringComparison.Ordinal);
    }

    private static bool HasKubernetesAgent(IServiceCollection services) =>
        services.Any(d => d.ImplementationType == typeof(KubernetesClusterAgent));

    private static Func<string, string?> Lookup(Dictionary<string, string> environment) =>
        name => environment.GetValueOrDefault(name);

    private static WebApplicationBuilder AwsBuilder(Dictionary<string, string?> extra)
    {
        var settings = AwsProfileTestSettings.For(new Uri("http://127.0.0.1:1/"), "http://127.0.0.1:1/123456789012/q", "http://127.0.0.1:1/123456789012/dlq", "tenants");
        settings.Remove("LogGrains:Cluster:ClusterId");
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        return builder;
    }
}
