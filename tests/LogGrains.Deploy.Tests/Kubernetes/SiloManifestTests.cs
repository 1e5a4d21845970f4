using System.Globalization;
using System.Text.RegularExpressions;
using LogGrains.Grains.Polling;
using k8s.Models;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>What breaks silos at run time when the manifests get it wrong, checked in every rendering that has silos.</summary>
public sealed class SiloManifestTests
{
    private static readonly string[] Directories = ["overlays/openshift", "overlays/production", "silo"];

    public static TheoryData<string> SiloDirectories() => [.. Directories];

    [Fact]
    public void Every_rendering_with_silos_is_checked()
    {
        var withSilos = Kustomize.BuildableDirectories()
            .Where(d => Kustomize.Render(d).All<V1Deployment>().Any(x => x.Metadata.Name == SiloWorkload.DeploymentName));

        Assert.Equal(Directories, withSilos);
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void Kubernetes_hosting_gets_the_pod_from_the_downward_API(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));

        Assert.Equal("field:metadata.name", silo.Environment.GetValueOrDefault("POD_NAME"));
        Assert.Equal("field:metadata.namespace", silo.Environment.GetValueOrDefault("POD_NAMESPACE"));
        Assert.Equal("field:status.podIP", silo.Environment.GetValueOrDefault("POD_IP"));
        Assert.Equal("aws", silo.Setting("LogGrains__Profile", "local"));
        Assert.Equal("true", silo.Setting("LogGrains__Cluster__Kubernetes", "false"));
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_Orleans_ids_equal_the_pod_labels_and_LogGrains_own_ids(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var labels = silo.Pod.Metadata.Labels;

        Assert.Equal(labels["orleans/serviceId"], silo.Environment.GetValueOrDefault("ORLEANS_SERVICE_ID"));
        Assert.Equal(labels["orleans/clusterId"], silo.Environment.GetValueOrDefault("ORLEANS_CLUSTER_ID"));
        Assert.Equal(labels["orleans/serviceId"], silo.Setting("LogGrains__Cluster__ServiceId", "loggrains"));
        Assert.Equal(labels["orleans/clusterId"], silo.Setting("LogGrains__Cluster__ClusterId", "loggrains"));
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_usage_table_is_named_beside_the_checkpoint_table(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var checkpoints = silo.Setting("LogGrains__Delivery__CheckpointTableName", "loggrains-checkpoints");

        Assert.EndsWith("-checkpoints", checkpoints, StringComparison.Ordinal);
        Assert.Equal(checkpoints[..^"checkpoints".Length] + "usage", silo.Setting("LogGrains__Usage__TableName", "loggrains-usage"));
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_probes_ask_the_web_port_for_readyz_and_healthz(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var container = silo.Container;

        Assert.Equal("/readyz", container.ReadinessProbe?.HttpGet?.Path);
        Assert.Equal(silo.WebPort, silo.PortNumber(container.ReadinessProbe!.HttpGet.Port));
        Assert.Equal("/healthz", container.LivenessProbe?.HttpGet?.Path);
        Assert.Equal(silo.WebPort, silo.PortNumber(container.LivenessProbe!.HttpGet.Port));
        if (container.StartupProbe is { } startup)
        {
            Assert.Equal("/healthz", startup.HttpGet?.Path);
            Assert.Equal(silo.WebPort, silo.PortNumber(startup.HttpGet!.Port));
        }
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_container_exposes_the_silo_gateway_and_web_ports(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var ports = silo.Container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort, StringComparer.Ordinal);

        Assert.Equal(int.Parse(silo.Setting("LogGrains__Cluster__SiloPort", "11111"), CultureInfo.InvariantCulture), ports.GetValueOrDefault("silo"));
        Assert.Equal(int.Parse(silo.Setting("LogGrains__Cluster__GatewayPort", "30000"), CultureInfo.InvariantCulture), ports.GetValueOrDefault("gateway"));
        Assert.Equal(silo.WebPort, ports.GetValueOrDefault("http"));
        Assert.Equal(11111, ports["silo"]);
        Assert.Equal(30000, ports["gateway"]);
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_termination_grace_covers_the_silos_own_exit_deadline(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var shutdown = new ShutdownOptions();
        if (silo.Environment.GetValueOrDefault("LogGrains__Shutdown__GracePeriod") is { } configured)
        {
            shutdown.GracePeriod = TimeSpan.Parse(configured, CultureInfo.InvariantCulture);
        }

        var termination = TimeSpan.FromSeconds(silo.Pod.Spec.TerminationGracePeriodSeconds ?? 30);

        // The silo ends itself at grace + 33 s at the latest (StopDeadline), logging why; Kubernetes must not kill it first.
        Assert.True(
            termination >= shutdown.ExitDeadline,
            $"terminationGracePeriodSeconds {termination.TotalSeconds} s < the silo's exit deadline {shutdown.ExitDeadline.TotalSeconds} s (shutdown grace {shutdown.GracePeriod.TotalSeconds} s + 33 s)");
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_service_account_may_do_on_pods_what_Kubernetes_hosting_calls(string directory)
    {
        var manifest = Kustomize.Render(directory);
        var silo = SiloWorkload.Of(manifest);
        var account = silo.Pod.Spec.ServiceAccountName;
        Assert.False(string.IsNullOrEmpty(account), "the silo runs as the default service account");
        Assert.NotEqual(false, silo.Pod.Spec.AutomountServiceAccountToken);

        var granted = manifest.All<V1RoleBinding>()
            .Where(b => b.Metadata.NamespaceProperty == silo.Namespace && b.RoleRef.Kind == "Role"
                && b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account && (s.NamespaceProperty ?? silo.Namespace) == silo.Namespace))
            .Select(b => manifest.All<V1Role>().Single(r => r.Metadata.Name == b.RoleRef.Name && r.Metadata.NamespaceProperty == silo.Namespace))
            .SelectMany(r => r.Rules)
            .Where(rule => rule.ApiGroups.Contains("") && rule.Resources.Contains("pods"))
            .SelectMany(rule => rule.Verbs)
            .ToHashSet(StringComparer.Ordinal);

        // ReadNamespacedPod + PatchNamespacedPod (labels), List/WatchListNamespacedPod, and DeleteNamespacedPod for
        // dead silos' pods when DeleteDefunctSiloPods is turned on.
        Assert.Superset(new HashSet<string>(["get", "list", "watch", "patch", "delete"], StringComparer.Ordinal), granted);
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_service_account_carries_an_IRSA_role(string directory)
    {
        var manifest = Kustomize.Render(directory);
        var silo = SiloWorkload.Of(manifest);
        var account = manifest.All<V1ServiceAccount>().Single(a => a.Metadata.Name == silo.Pod.Spec.ServiceAccountName && a.Metadata.NamespaceProperty == silo.Namespace);

        Assert.Matches(new Regex(@"^arn:aws:iam::\d{12}:role/[\w+=,.@/-]+$"), account.Metadata.Annotations["eks.amazonaws.com/role-arn"]);
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_admin_token_comes_from_a_Secret_the_manifests_do_not_hold(string directory)
    {
        var manifest = Kustomize.Render(directory);
        var silo = SiloWorkload.Of(manifest);

        var source = silo.Environment.GetValueOrDefault("LogGrains__Web__AdminToken");

        Assert.Equal("secret:loggrains-admin/token", source);
        Assert.DoesNotContain(manifest.All<V1Secret>(), s => s.Metadata.Name == "loggrains-admin");
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_silo_runs_unprivileged_on_a_read_only_root(string directory)
    {
        var silo = SiloWorkload.Of(Kustomize.Render(directory));
        var pod = silo.Pod.Spec.SecurityContext;
        var container = silo.Container.SecurityContext;

        Assert.True(pod?.RunAsNonRoot == true || container?.RunAsNonRoot == true, "runAsNonRoot is not set");
        Assert.Equal("RuntimeDefault", pod?.SeccompProfile?.Type ?? container?.SeccompProfile?.Type);
        Assert.True(container?.ReadOnlyRootFilesystem, "the root filesystem is writable");
        Assert.False(container?.AllowPrivilegeEscalation ?? true, "privilege escalation is allowed");
        Assert.Equal(["ALL"], container?.Capabilities?.Drop ?? []);
    }

    [Theory]
    [MemberData(nameof(SiloDirectories))]
    public void The_service_and_the_disruption_budget_select_the_silo_pods(string directory)
    {
        var manifest = Kustomize.Render(directory);
        var silo = SiloWorkload.Of(manifest);
        var labels = new Dictionary<string, string>(silo.Pod.Metadata.Labels, StringComparer.Ordinal);

        var service = manifest.One<V1Service>(SiloWorkload.DeploymentName);
        Assert.All(service.Spec.Selector, s => Assert.Equal(s.Value, labels.GetValueOrDefault(s.Key)));
        Assert.Contains(service.Spec.Ports, p => p.Name == "http" && silo.PortNumber(p.TargetPort) == silo.WebPort);
        var budget = manifest.One<V1PodDisruptionBudget>(SiloWorkload.DeploymentName);
        Assert.All(budget.Spec.Selector.MatchLabels, s => Assert.Equal(s.Value, labels.GetValueOrDefault(s.Key)));
        Assert.All(silo.Pod.Spec.TopologySpreadConstraints, c => Assert.All(c.LabelSelector.MatchLabels, s => Assert.Equal(s.Value, labels.GetValueOrDefault(s.Key))));
        Assert.NotEmpty(silo.Pod.Spec.TopologySpreadConstraints);
    }
}
