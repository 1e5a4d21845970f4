namespace LogGrains.Testing;

/// <summary>Finds the repository's files from a test's output folder, so tests read the real deploy/, docs/ and build output.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the nearest folder above the test's output that holds LogGrains.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LogGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LogGrains.sln not found above {AppContext.BaseDirectory}");
    }
}
