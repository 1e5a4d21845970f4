using LogGrains.Testing.Browser;

namespace LogGrains.Silo.Tests.Web;

/// <summary>A started local-profile silo with an admin token and one headless Chromium, shared by a test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Token = "browser-admin-token-8d2f61c0a9e74b35";

    private HeadlessChromium? _browser;

    internal LocalTestSilo Silo { get; } = new(adminToken: Token);

    public HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        await Silo.StartAsync();
        _browser = await HeadlessChromium.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        await Silo.DisposeAsync();
    }
}
