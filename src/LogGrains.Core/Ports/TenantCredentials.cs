namespace LogGrains.Core.Ports;

/// <summary>
/// Temporary credentials for one tenant's customer role. Opaque to the grains: they pass it to the adapters.
/// <see cref="ToString"/> shows the access key id and expiry only, never the secret or the session token.
/// </summary>
/// <param name="AccessKeyId">The temporary access key id.</param>
/// <param name="SecretAccessKey">The secret access key.</param>
/// <param name="SessionToken">The session token.</param>
/// <param name="Expiration">When STS says the credentials expire.</param>
public sealed record TenantCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Whether the credentials must be refreshed: they expire within <paramref name="margin"/> of <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="margin">How long before expiry to refresh (DESIGN.md: 5 minutes).</param>
    /// <returns><see langword="true"/> when <c>now + margin &gt;= Expiration</c>.</returns>
    public bool ExpiresWithin(TimeSpan margin, DateTimeOffset now) => now + margin >= Expiration;

    /// <inheritdoc/>
    public override string ToString() =>
        $"TenantCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O}, SecretAccessKey = ***, SessionToken = *** }}";
}
