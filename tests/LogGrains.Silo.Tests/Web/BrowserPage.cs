using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// One Playwright page in its own browser context that records what a person would not see but a test must: console
/// errors, uncaught script errors and content-security-policy violations (a listener added before any page script runs).
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    private const string ViolationListener =
        """
        document.addEventListener("securitypolicyviolation", e =>
          console.error("CSP violation: " + e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " in " + e.sourceFile + ":" + e.lineNumber));
        """;

    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _problems = new();

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"page error: {error}");
    }

    public IPage Page { get; }

    /// <summary>Console errors, page errors and CSP violations so far, in order.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    public static async Task<BrowserPage> OpenAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await context.AddInitScriptAsync(ViolationListener);
        return new BrowserPage(context, await context.NewPageAsync());
    }

    /// <summary>Opens <paramref name="url"/>; the response is null when only the fragment changed (no request).</summary>
    public Task<IResponse?> GotoAsync(Uri url) => Page.GotoAsync(url.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });

    public Task<T> EvaluateAsync<T>(string expression) => Page.EvaluateAsync<T>(expression);

    public Task<string> BodyTextAsync() => Page.InnerTextAsync("body");

    /// <summary>
    /// Polls (every 200 ms, at most <paramref name="bound"/>) until <paramref name="condition"/> is truthy in the page.
    /// Not Playwright's WaitForFunctionAsync: it compiles the condition with <c>new Function</c> inside the page, which the
    /// pages' CSP (no <c>unsafe-eval</c>) refuses, while an evaluation from the test is not the page's own script.
    /// </summary>
    public async Task WaitUntilAsync(string condition, string what, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!await Page.EvaluateAsync<bool>($"!!({condition})"))
        {
            if (DateTime.UtcNow > deadline)
            {
                var body = await BodyTextAsync();
                Assert.Fail($"Timed out after {bound.TotalSeconds} s waiting for {what}. Page text:\n{body}\nProblems: {string.Join("; ", Problems)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Saves a screenshot of the whole page and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
