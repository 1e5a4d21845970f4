using LogGrains.Core.Ports;

namespace LogGrains.Local;

/// <summary>Placeholder credentials for the local profile: nothing leaves the machine, so no role is assumed.</summary>
internal sealed class LocalCredentialBroker(TimeProvider time) : ICredentialBroker
{
    public Task<TenantCredentials> GetCredentialsAsync(string tenantId, string roleArn, string externalId, string region, CancellationToken cancellationToken) =>
        Task.FromResult(new TenantCredentials("LOCAL", "local", "local", time.GetUtcNow().AddHours(1)));
}
