namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>The strictness the manifest tests rely on: KubernetesClient's strict parsing refuses what Kubernetes would.</summary>
public sealed class StrictParsingTests
{
    private const string Deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: d
        spec:
          selector:
            matchLabels: {app: d}
          template:
            metadata:
              labels: {app: d}
            spec:
              terminationGracePeriodSeconds: 60
              containers:
                - name: c
                  image: i
                  readinessProbe:
                    httpGet: {path: /readyz, port: http}
        """;

    [Fact]
    public void A_well_formed_deployment_parses()
    {
        var deployment = Assert.IsType<k8s.Models.V1Deployment>(Manifest.Strict(Deployment, "sample"));

        Assert.Equal(60, deployment.Spec.Template.Spec.TerminationGracePeriodSeconds);
    }

    [Theory]
    [InlineData("terminationGracePeriodSeconds", "terminationGracePeriodSecond")]
    [InlineData("readinessProbe", "readinesProbe")]
    [InlineData("path: /readyz", "pth: /readyz")]
    public void A_misspelt_field_fails_to_parse(string field, string misspelt)
    {
        var yaml = Deployment.Replace(field, misspelt, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidOperationException>(() => Manifest.Strict(yaml, "sample"));

        Assert.Contains(misspelt.Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_the_model_does_not_know_fails_to_parse()
    {
        var yaml = Deployment.Replace("kind: Deployment", "kind: Deploymnet", StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => Manifest.Strict(yaml, "sample"));
    }
}
