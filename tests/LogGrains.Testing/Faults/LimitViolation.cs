namespace LogGrains.Testing.Faults;

/// <summary>A PutLogEvents request that real CloudWatch Logs would refuse.</summary>
/// <param name="Limit">The violated limit, e.g. <c>MaxBatchBytes</c>.</param>
/// <param name="Detail">What exactly was wrong, with the numbers.</param>
/// <param name="LogGroupName">The request's log group.</param>
/// <param name="LogStreamName">The request's log stream.</param>
public sealed record LimitViolation(string Limit, string Detail, string LogGroupName, string LogStreamName)
{
    /// <inheritdoc />
    public override string ToString() => $"{Limit}: {Detail} (group '{LogGroupName}', stream '{LogStreamName}')";
}
