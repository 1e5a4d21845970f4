namespace LogGrains.Aws.Credentials;

/// <summary>STS refusing the central role: its error code and message, and since when it has refused.</summary>
internal sealed record CentralRoleRefusal(string Code, string Message, DateTimeOffset Since);
