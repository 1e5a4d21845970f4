namespace LogGrains.Deploy.Tests.Container;

/// <summary>
/// The patterns of .dockerignore this repository uses: <c>**/name</c> (that name at any depth) and <c>name</c> (that
/// top-level path). Any other pattern throws, so that the test never builds from a context Docker would not send.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly HashSet<string> _anyDepth = new(StringComparer.Ordinal);
    private readonly HashSet<string> _topLevel = new(StringComparer.Ordinal);

    public static DockerIgnore Read()
    {
        var ignore = new DockerIgnore();
        foreach (var line in File.ReadAllLines(RepositoryPaths.Of(".dockerignore")).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            if (line.StartsWith("**/", StringComparison.Ordinal) && !ContainsPattern(line[3..]))
            {
                ignore._anyDepth.Add(line[3..]);
            }
            else if (!ContainsPattern(line) && !line.Contains('/', StringComparison.Ordinal))
            {
                ignore._topLevel.Add(line);
            }
            else
            {
                throw new InvalidOperationException($".dockerignore pattern '{line}' is not one this test follows (**/name or name)");
            }
        }

        return ignore;
    }

    /// <summary>Whether a context-relative path (with <c>/</c>) is left out of the build context.</summary>
    public bool Excludes(string relativePath)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return _topLevel.Contains(segments[0]) || segments.Any(_anyDepth.Contains);
    }

    private static bool ContainsPattern(string text) => text.IndexOfAny(['*', '?', '[', '!']) >= 0;
}
