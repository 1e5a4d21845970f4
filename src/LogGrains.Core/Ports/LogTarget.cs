namespace LogGrains.Core.Ports;

/// <summary>One CloudWatch Logs stream in a tenant's account.</summary>
/// <param name="Tenant">The tenant the stream belongs to (for errors and metrics, never for routing).</param>
/// <param name="Region">The tenant's target region.</param>
/// <param name="LogGroupName">The log group.</param>
/// <param name="LogStreamName">The log stream.</param>
public sealed record LogTarget(string Tenant, string Region, string LogGroupName, string LogStreamName);
