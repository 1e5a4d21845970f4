namespace LogGrains.Abstractions;

/// <summary>
/// Which credentials a stream grain should deliver with: the tenant's customer role, named but not assumed. The stream
/// grain's own silo assumes it through its <c>ICredentialBroker</c> (cached per silo), so no secret access key or session
/// token travels between silos (issue #15).
/// </summary>
/// <remarks>
/// Nothing here is secret. In AWS's model the ExternalId is not a secret either: it guards against the confused deputy
/// (another customer of ours naming this role), and it is only useful together with our central role's own credentials.
/// </remarks>
/// <param name="Tenant">The tenant, for the session name and error context.</param>
/// <param name="RoleArn">The customer role ARN (<c>log_distribution_role_arn</c>).</param>
/// <param name="ExternalId">The ExternalId the customer role's trust policy expects.</param>
/// <param name="Region">The tenant's target region (the STS regional endpoint used).</param>
[GenerateSerializer, Immutable, Alias("loggrains.CredentialReference")]
public sealed record CredentialReference(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string RoleArn,
    [property: Id(2)] string ExternalId,
    [property: Id(3)] string Region);
