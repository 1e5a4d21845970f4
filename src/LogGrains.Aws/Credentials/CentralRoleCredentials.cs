using Amazon.Runtime;

namespace LogGrains.Aws.Credentials;

/// <summary>
/// The central role's current session, as the SDK asks for it when signing a customer hop. The broker refreshes
/// the session before every hop that needs it, so this only reads what is cached.
/// </summary>
internal sealed class CentralRoleCredentials(Func<ImmutableCredentials?> current) : AWSCredentials
{
    public override ImmutableCredentials GetCredentials() =>
        current() ?? throw new InvalidOperationException("The central role session has not been obtained yet.");

    public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
}
