namespace LogGrains.Testing.Faults;

/// <summary>Thrown by <see cref="AwsFaultProxy.AssertNoLimitViolations"/>: a request broke a CloudWatch Logs limit.</summary>
public sealed class LimitViolationException : Exception
{
    /// <summary>Creates the exception from the violations found.</summary>
    public LimitViolationException(IReadOnlyList<LimitViolation> violations)
        : base($"{violations?.Count} PutLogEvents request limit violation(s): {string.Join(" | ", violations ?? [])}") =>
        Violations = violations ?? [];

    /// <summary>The violations.</summary>
    public IReadOnlyList<LimitViolation> Violations { get; }
}
