using System.Collections.Concurrent;
using System.Diagnostics;

namespace LogGrains.Deploy.Tests.Kubernetes;

/// <summary>Renders deploy/kubernetes directories with <c>kubectl kustomize</c>, once per directory per test run.</summary>
internal static class Kustomize
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private static readonly ConcurrentDictionary<string, Lazy<Manifest>> Rendered = new(StringComparer.Ordinal);

    /// <summary>Every base and overlay: the directories below deploy/kubernetes with a Kustomization (not a Component).</summary>
    public static IReadOnlyList<string> BuildableDirectories()
    {
        var root = RepositoryPaths.Of("deploy", "kubernetes");
        return Directory.EnumerateFiles(root, "kustomization.yaml", SearchOption.AllDirectories)
            .Where(f => !File.ReadAllText(f).Contains("kind: Component", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The rendered documents of <paramref name="directory"/> (relative to deploy/kubernetes).</summary>
    public static Manifest Render(string directory) =>
        Rendered.GetOrAdd(directory, d => new Lazy<Manifest>(() => Manifest.Parse(Run(d)))).Value;

    /// <summary>The raw output of <c>kubectl kustomize</c>; fails with kubectl's own error when the build fails.</summary>
    public static string Run(string directory)
    {
        var kubectl = CloudFormation.Executables.Find("kubectl")
            ?? throw new InvalidOperationException(
                "kubectl is not on PATH: install it (apt-get install kubectl, or https://kubernetes.io/docs/tasks/tools/) to test deploy/kubernetes.");
        var start = new ProcessStartInfo(kubectl)
        {
            ArgumentList = { "kustomize", RepositoryPaths.Of("deploy", "kubernetes", directory) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{kubectl} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Bound))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within {Bound.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {directory} failed (exit {process.ExitCode}): {stderr.Result}");
        }

        return stdout.Result;
    }
}
