namespace LogGrains.Core.Tenants;

/// <summary>
/// The <c>desired_logs</c> filter of a delivery: which applications are delivered, matched
/// case-insensitively (ordinal). An empty list means every application.
/// </summary>
public sealed class DesiredLogsFilter : IEquatable<DesiredLogsFilter>
{
    private readonly HashSet<string> _set;

    /// <summary>Creates a filter. Entries are trimmed; blank entries and case-insensitive repeats are dropped.</summary>
    /// <param name="applications">The application names; none means every application.</param>
    public DesiredLogsFilter(IEnumerable<string> applications)
    {
        ArgumentNullException.ThrowIfNull(applications);
        _set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var kept = new List<string>();
        foreach (var application in applications)
        {
            var trimmed = application?.Trim();
            if (!string.IsNullOrEmpty(trimmed) && _set.Add(trimmed))
            {
                kept.Add(trimmed);
            }
        }

        Applications = kept;
    }

    /// <summary>The filter that lets every application through.</summary>
    public static DesiredLogsFilter All { get; } = new([]);

    /// <summary>The application names, as first spelled; empty when every application is allowed.</summary>
    public IReadOnlyList<string> Applications { get; }

    /// <summary>Whether every application is allowed.</summary>
    public bool AllowsAll => Applications.Count == 0;

    /// <summary>Whether objects of <paramref name="application"/> are delivered.</summary>
    /// <param name="application">The application segment of the object key.</param>
    /// <returns><see langword="true"/> when the filter is empty or names the application in any letter case.</returns>
    public bool Allows(string application) => AllowsAll || _set.Contains(application);

    /// <inheritdoc/>
    public bool Equals(DesiredLogsFilter? other) =>
        other is not null && _set.Count == other._set.Count && _set.SetEquals(other._set);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DesiredLogsFilter);

    /// <inheritdoc/>
    public override int GetHashCode() => _set.Count;

    /// <inheritdoc/>
    public override string ToString() => AllowsAll ? "(all applications)" : string.Join(",", Applications);
}
