namespace LogGrains.Core.Ports;

/// <summary>
/// Obtains credentials scoped to one tenant: base credentials (default chain, IRSA on Kubernetes) →
/// AssumeRole(central role) → AssumeRole(customer role, ExternalId) with STS in the target region.
/// </summary>
/// <remarks>
/// The broker may cache the central role's credentials; caching the tenant's credentials is the
/// TenantGrain's job (until 5 minutes before expiry), so every call here reaches STS for the customer hop.
/// The session name is <see cref="Tenants.RoleSessionName.For"/>. Credentials are never logged.
/// </remarks>
public interface ICredentialBroker
{
    /// <summary>Assumes the tenant's customer role.</summary>
    /// <param name="tenantId">The tenant, for the session name and error context.</param>
    /// <param name="roleArn">The customer role ARN (<c>log_distribution_role_arn</c>).</param>
    /// <param name="externalId">The ExternalId the customer role's trust policy expects.</param>
    /// <param name="region">The tenant's target region (the STS regional endpoint used).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tenant's temporary credentials.</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.TenantBlocked"/> when STS refuses the customer hop (AccessDenied: trust policy,
    /// wrong ExternalId, role deleted; RegionDisabled);
    /// <see cref="DeliveryErrorClass.Transient"/> for throttling, 5xx, timeouts, and any failure of the central hop
    /// (our own infrastructure: an operator fixes it, the tenant is not to blame);
    /// <see cref="DeliveryErrorClass.InvalidRequest"/> when STS rejects the request as malformed (ValidationError).
    /// </exception>
    Task<TenantCredentials> GetCredentialsAsync(
        string tenantId,
        string roleArn,
        string externalId,
        string region,
        CancellationToken cancellationToken);
}
