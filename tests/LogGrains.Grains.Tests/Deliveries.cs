using LogGrains.Abstractions;
using LogGrains.Grains.Tests.Fakes;

namespace LogGrains.Grains.Tests;

/// <summary>
/// Builds what a tenant grain hands a stream grain. The one place that knows the shape of <see cref="StreamDelivery"/>:
/// when credentials stop travelling with it (the stream grain's silo broker fetches them), only this changes.
/// </summary>
internal static class Deliveries
{
    public static StreamDelivery For(StagedFile file)
    {
        var c = FakeCredentialBroker.Credentials;
        return new StreamDelivery(file.Staged, new WireCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, c.Expiration));
    }
}
