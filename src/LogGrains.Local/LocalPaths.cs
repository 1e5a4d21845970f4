namespace LogGrains.Local;

/// <summary>
/// The local profile's directories under one root: <c>staging/</c> (the "bucket", same key layout as S3),
/// <c>delivered/</c> and <c>dead-letter/</c> (where finished files are moved, never deleted), <c>logs/</c> (the
/// destination), <c>buckets/</c> (the s3 delivery type) and <c>tenants.json</c>.
/// </summary>
internal sealed class LocalPaths
{
    public LocalPaths(string root)
    {
        Root = Path.GetFullPath(root);
        Staging = Path.Combine(Root, "staging");
        Delivered = Path.Combine(Root, "delivered");
        DeadLetter = Path.Combine(Root, "dead-letter");
        Logs = Path.Combine(Root, "logs");
        Buckets = Path.Combine(Root, "buckets");
        Temp = Path.Combine(Root, "tmp");
        TenantsFile = Path.Combine(Root, "tenants.json");
    }

    public string Root { get; }

    public string Staging { get; }

    public string Delivered { get; }

    public string DeadLetter { get; }

    public string Logs { get; }

    public string Buckets { get; }

    /// <summary>Where files are written before they are moved into place, so nothing half-written is ever picked up.</summary>
    public string Temp { get; }

    public string TenantsFile { get; }

    public void CreateDirectories()
    {
        foreach (var directory in new[] { Root, Staging, Delivered, DeadLetter, Logs, Buckets, Temp })
        {
            Directory.CreateDirectory(directory);
        }
    }

    /// <summary>
    /// Resolves a '/'-separated relative path under <paramref name="baseDirectory"/>, refusing empty paths, '.' or '..'
    /// segments, rooted paths and anything that would land outside the base.
    /// </summary>
    public static bool TryResolve(string baseDirectory, string relative, out string fullPath)
    {
        fullPath = "";
        if (string.IsNullOrEmpty(relative) || relative.StartsWith('/') || relative.Contains('\0', StringComparison.Ordinal) ||
            (Path.DirectorySeparatorChar != '/' && relative.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)))
        {
            return false;
        }

        var segments = relative.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            return false;
        }

        var candidate = Path.GetFullPath(Path.Combine([baseDirectory, .. segments]));
        var prefix = Path.GetFullPath(baseDirectory).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        if (!candidate.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        fullPath = candidate;
        return true;
    }

    /// <summary>The '/'-separated key of a file under <paramref name="baseDirectory"/>.</summary>
    public static string KeyOf(string baseDirectory, string fullPath) =>
        Path.GetRelativePath(baseDirectory, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>
    /// Moves a file to <paramref name="destination"/>, creating its directory; when something is already there, the
    /// moved file gets a time suffix instead of replacing it, so no earlier file is lost.
    /// </summary>
    public static string MoveKeepingBoth(string source, string destination, DateTimeOffset now)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var target = destination;
        for (var attempt = 1; File.Exists(target); attempt++)
        {
            target = $"{destination}.{now.UtcDateTime.ToString("yyyyMMddTHHmmssfff", System.Globalization.CultureInfo.InvariantCulture)}-{attempt}";
        }

        File.Move(source, target);
        return target;
    }
}
