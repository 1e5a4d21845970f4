using Microsoft.Playwright;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// A started local-profile silo with an admin token and Debian's headless Chromium driven by Playwright, shared by a test
/// class. Playwright launches the installed browser (<see cref="ChromiumPath"/>); it never downloads one.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Token = "browser-admin-token-8d2f61c0a9e74b35";

    /// <summary>Where Debian installs Chromium (<c>apt-get install -y chromium</c>).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal LocalTestSilo Silo { get; } = new(adminToken: Token);

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; the browser tests need it: apt-get install -y chromium");
        }

        await Silo.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"],
        });
    }

    /// <summary>A new page in a fresh browser context (no cookies), 1440 × 900.</summary>
    internal async Task<BrowserPage> NewPageAsync() => await BrowserPage.OpenAsync(Browser);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Silo.DisposeAsync();
    }
}
