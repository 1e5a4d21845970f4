namespace LogGrains.Core.Ports;

/// <summary>
/// Obtains credentials scoped to one tenant: base credentials (default chain, IRSA on Kubernetes) →
/// AssumeRole(central role) → AssumeRole(customer role, ExternalId) with STS in the target region.
/// </summary>
/// <remarks>
/// One broker per silo, and it is the silo's credential cache: a broker that assumes roles caches both hops until 5
/// minutes before expiry (the local profile's placeholder broker has nothing to cache), per
/// (tenant, role ARN, ExternalId, region) for the customer hop, with one refresh per key in flight that concurrent callers
/// share, and a failure is not cached. The grains call it for every delivery round and cache nothing themselves, so a
/// tenant costs each silo about one AssumeRole per credential lifetime, and credentials never leave the silo that
/// assumed them (the stream grain asks its own silo's broker; see <c>docs/DELIVERY.md</c>).
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
    /// <see cref="DeliveryErrorClass.ClusterBlocked"/> when STS refuses the central hop (our own configuration: an
    /// operator fixes it, the tenant is not to blame, and nothing is dead-lettered meanwhile);
    /// <see cref="DeliveryErrorClass.Transient"/> for throttling, 5xx, timeouts, and any other failure of the central hop;
    /// <see cref="DeliveryErrorClass.InvalidRequest"/> when STS rejects the request as malformed (ValidationError).
    /// </exception>
    Task<TenantCredentials> GetCredentialsAsync(
        string tenantId,
        string roleArn,
        string externalId,
        string region,
        CancellationToken cancellationToken);
}
