namespace LogGrains.Abstractions;

/// <summary>
/// The key of a log stream grain: <c>tenant|region|group|stream</c>. Tenant ids, regions and log group
/// names cannot contain <c>|</c>; a stream name may, so it is always the last, unsplit part.
/// </summary>
[GenerateSerializer, Immutable, Alias("loggrains.LogStreamKey")]
public sealed record LogStreamKey(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Region,
    [property: Id(2)] string LogGroupName,
    [property: Id(3)] string LogStreamName)
{
    /// <summary>The grain key string.</summary>
    public override string ToString() => $"{Tenant}|{Region}|{LogGroupName}|{LogStreamName}";

    /// <summary>Parses a grain key string.</summary>
    /// <exception cref="FormatException">The key does not have four non-empty parts.</exception>
    public static LogStreamKey Parse(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('|', 4);
        if (parts.Length != 4 || parts.Any(string.IsNullOrEmpty))
        {
            throw new FormatException($"Log stream grain key '{key}' is not 'tenant|region|group|stream'.");
        }

        return new LogStreamKey(parts[0], parts[1], parts[2], parts[3]);
    }
}
