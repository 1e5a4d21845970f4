namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>Every base and overlay under deploy/kubernetes builds with <c>kubectl kustomize</c> and parses strictly.</summary>
public sealed class KustomizeBuildTests
{
    public static TheoryData<string> Directories() => [.. Kustomize.BuildableDirectories()];

    [Fact]
    public void The_bases_and_overlays_are_all_found()
    {
        Assert.Equal(
            ["collector", "heartbeat", "overlays/openshift", "overlays/production", "silo"],
            Kustomize.BuildableDirectories());
    }

    [Theory]
    [MemberData(nameof(Directories))]
    public void Builds_and_every_document_parses_into_the_typed_model_or_is_a_known_custom_resource(string directory)
    {
        var manifest = Kustomize.Render(directory);

        Assert.NotEmpty(manifest.Documents);
        Assert.All(manifest.Documents, d => Assert.True(
            d.Typed is not null || Manifest.CustomResourceGroups.Any(g => d.ApiVersion.StartsWith(g, StringComparison.Ordinal)),
            $"{d.Kind} {d.Name} was neither parsed nor checked"));
        Assert.All(
            manifest.Documents.Where(d => d.Kind is not ("Namespace" or "ClusterRole" or "ClusterRoleBinding" or "SecurityContextConstraints")),
            d => Assert.False(string.IsNullOrEmpty(d.Namespace), $"{d.Kind} {d.Name} has no namespace"));
    }
}
