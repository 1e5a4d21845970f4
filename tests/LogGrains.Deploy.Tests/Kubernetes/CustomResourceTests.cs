using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>
/// The KEDA ScaledObject and the OpenShift SecurityContextConstraints are custom resources that KubernetesClient's model
/// does not know: the fields that matter are checked in their YAML. The plain HPA and the UID-free OpenShift overlay too.
/// </summary>
public sealed class CustomResourceTests
{
    [Fact]
    public void KEDA_scales_the_silos_on_the_queue_they_poll()
    {
        var manifest = Kustomize.Render("overlays/production");
        var silo = SiloWorkload.Of(manifest);
        var scaledObject = manifest.Custom("ScaledObject", SiloWorkload.DeploymentName);

        Assert.Equal("keda.sh/v1alpha1", scaledObject.ApiVersion);
        Assert.Equal(silo.Namespace, scaledObject.Namespace);
        var spec = Map(scaledObject.Node, "spec");
        Assert.Equal(("Deployment", SiloWorkload.DeploymentName), (Text(spec, "scaleTargetRef", "kind"), Text(spec, "scaleTargetRef", "name")));
        Assert.Empty(Unknown(spec, "minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod", "triggers", "scaleTargetRef", "advanced", "fallback", "idleReplicaCount"));
        var trigger = (YamlMappingNode)Assert.Single((YamlSequenceNode)spec["triggers"]);
        Assert.Equal("aws-sqs-queue", Text(trigger, "type"));
        var metadata = Map(trigger, "metadata");
        Assert.Empty(Unknown(metadata, "queueURL", "queueLength", "awsRegion", "identityOwner", "awsEndpoint", "scaleOnInFlight", "activationQueueLength"));
        Assert.Equal(silo.Environment["LogGrains__Sqs__QueueUrl"], Text(metadata, "queueURL"));
        Assert.Equal(silo.Environment["LogGrains__Aws__Region"], Text(metadata, "awsRegion"));
        Assert.True(int.TryParse(Text(metadata, "queueLength"), out var length) && length > 0, "queueLength is not a positive number");
        Assert.Contains(Text(metadata, "identityOwner"), new[] { "pod", "operator" });
        Assert.Null(silo.Deployment.Spec.Replicas);
        Assert.Empty(manifest.All<V2HorizontalPodAutoscaler>());
    }

    [Fact]
    public void The_plain_HPA_scales_the_silo_Deployment_and_owns_its_replicas()
    {
        var manifest = Kustomize.Render("overlays/openshift");
        var silo = SiloWorkload.Of(manifest);

        var autoscaler = manifest.One<V2HorizontalPodAutoscaler>(SiloWorkload.DeploymentName);

        Assert.Equal(silo.Namespace, autoscaler.Metadata.NamespaceProperty);
        Assert.Equal(("Deployment", SiloWorkload.DeploymentName), (autoscaler.Spec.ScaleTargetRef.Kind, autoscaler.Spec.ScaleTargetRef.Name));
        Assert.True(autoscaler.Spec.MinReplicas >= 2, "fewer than two silos leave no one to take over a stopping silo's work");
        Assert.Null(silo.Deployment.Spec.Replicas);
        Assert.DoesNotContain(manifest.Documents, d => d.Kind == "ScaledObject");
    }

    [Fact]
    public void The_OpenShift_collector_SCC_allows_host_logs_and_nothing_privileged_and_is_granted_to_Vector()
    {
        var manifest = Kustomize.Render("overlays/openshift");
        var scc = manifest.Custom("SecurityContextConstraints", "loggrains-collector");

        Assert.Equal("security.openshift.io/v1", scc.ApiVersion);
        var node = scc.Node;
        Assert.Equal("true", Text(node, "allowHostDirVolumePlugin"));
        Assert.Equal("false", Text(node, "allowPrivilegedContainer"));
        Assert.Equal("false", Text(node, "allowPrivilegeEscalation"));
        Assert.Equal("false", Text(node, "allowHostNetwork"));
        Assert.Equal("false", Text(node, "allowHostPID"));
        Assert.Equal("true", Text(node, "readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], Strings(node, "requiredDropCapabilities"));
        Assert.Equal("RunAsAny", Text(node, "runAsUser", "type"));
        Assert.Contains("hostPath", Strings(node, "volumes"));
        var grant = manifest.All<V1ClusterRole>().Single(r => r.Rules.Any(rule =>
            rule.ApiGroups.Contains("security.openshift.io") && rule.Resources.Contains("securitycontextconstraints")
            && rule.ResourceNames.Contains("loggrains-collector") && rule.Verbs.Contains("use")));
        var binding = manifest.All<V1ClusterRoleBinding>().Single(b => b.RoleRef.Name == grant.Metadata.Name);
        var vector = manifest.One<V1DaemonSet>("vector");
        Assert.Contains(binding.Subjects, s => s.Kind == "ServiceAccount" && s.Name == vector.Spec.Template.Spec.ServiceAccountName && s.NamespaceProperty == vector.Metadata.NamespaceProperty);
    }

    [Fact]
    public void OpenShift_assigns_the_UIDs_of_every_workload_but_the_collector()
    {
        var manifest = Kustomize.Render("overlays/openshift");
        var pods = manifest.All<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template.Spec))
            .Concat(manifest.All<V1DaemonSet>().Where(d => d.Metadata.Name != "vector").Select(d => (d.Metadata.Name, d.Spec.Template.Spec)))
            .ToList();

        Assert.NotEmpty(pods);
        Assert.All(pods, p =>
        {
            Assert.True(p.Spec.SecurityContext?.RunAsUser is null && p.Spec.SecurityContext?.RunAsGroup is null && p.Spec.SecurityContext?.FsGroup is null, $"{p.Name} fixes a UID, GID or fsGroup");
            Assert.All(p.Spec.Containers, c => Assert.True(c.SecurityContext?.RunAsUser is null && c.SecurityContext?.RunAsGroup is null, $"{p.Name}/{c.Name} fixes a UID or GID"));
            Assert.True(p.Spec.SecurityContext?.RunAsNonRoot == true, $"{p.Name} may run as root");
        });
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node[key];

    private static string? Text(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var part in path)
        {
            current = ((YamlMappingNode)current)[part];
        }

        return ((YamlScalarNode)current).Value;
    }

    private static IEnumerable<string?> Strings(YamlMappingNode node, string key) =>
        ((YamlSequenceNode)node[key]).Select(n => ((YamlScalarNode)n).Value);

    /// <summary>The keys of a custom resource's mapping that its schema does not have: a misspelt field.</summary>
    private static IEnumerable<string> Unknown(YamlMappingNode node, params string[] known) =>
        node.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Where(k => !known.Contains(k)).Select(k => $"unknown field '{k}'");
}
