namespace LogGrains.Aws.Credentials;

/// <summary>What a customer role session is cached by.</summary>
internal readonly record struct CustomerRoleKey(string TenantId, string RoleArn, string ExternalId, string Region);
