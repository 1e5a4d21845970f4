namespace LogGrains.Silo.Tests.Web;

/// <summary>One started local-profile silo with an admin token, shared by a test class.</summary>
public sealed class TokenSiloFixture : IAsyncLifetime
{
    public const string Token = "test-admin-token-3f9c2a7e5b1d4c8a";

    internal LocalTestSilo Silo { get; } = new(adminToken: Token);

    public async Task InitializeAsync() => await Silo.StartAsync();

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}
