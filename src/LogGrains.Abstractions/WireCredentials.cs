namespace LogGrains.Abstractions;

/// <summary>
/// A tenant's assumed-role credentials as they travel from the tenant grain to a stream grain.
/// <see cref="ToString"/> never shows the secret or the token.
/// </summary>
[GenerateSerializer, Immutable, Alias("loggrains.WireCredentials")]
public sealed record WireCredentials(
    [property: Id(0)] string AccessKeyId,
    [property: Id(1)] string SecretAccessKey,
    [property: Id(2)] string SessionToken,
    [property: Id(3)] DateTimeOffset Expiration)
{
    /// <inheritdoc />
    public override string ToString() => $"WireCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O}, SecretAccessKey = ***, SessionToken = *** }}";
}
