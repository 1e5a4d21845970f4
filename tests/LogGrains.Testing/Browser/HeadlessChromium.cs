using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Browser;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>) driven over the DevTools protocol: one page, navigation,
/// script evaluation, cookies and screenshots. Starts on a fresh profile directory and a DevTools port the browser
/// picks itself; on dispose the process (and its children) is killed by id and the profile directory deleted.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Where Debian installs Chromium.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _profile;
    private readonly OutputTail _output;
    private readonly CdpConnection _page;

    private HeadlessChromium(Process process, string profile, OutputTail output, CdpConnection page)
    {
        _process = process;
        _profile = profile;
        _output = output;
        _page = page;
    }

    /// <summary>The Chromium process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts Chromium and connects to its first page.</summary>
    /// <exception cref="InvalidOperationException">Chromium is missing or did not start; the message says why.</exception>
    public static async Task<HeadlessChromium> StartAsync(int width = 1440, int height = 900)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ExecutablePath}; install it with: apt-get install -y chromium");
        }

        var profile = Path.Combine(Path.GetTempPath(), "loggrains-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
            "--force-device-scale-factor=1", $"--window-size={width},{height}",
            "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new OutputTail();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var port = await ReadDevToolsPortAsync(process, profile, output).ConfigureAwait(false);
            var page = await CdpConnection.ConnectAsync(await PageWebSocketAsync(port).ConfigureAwait(false), CancellationToken.None).ConfigureAwait(false);
            var browser = new HeadlessChromium(process, profile, output, page);
            await page.SendAsync("Page.enable").ConfigureAwait(false);
            await page.SendAsync("Network.enable").ConfigureAwait(false);
            return browser;
        }
        catch
        {
            Stop(process, profile);
            throw;
        }
    }

    /// <summary>Opens a URL and waits (bounded) until its document has loaded.</summary>
    public async Task NavigateAsync(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        await EvaluateAsync<bool>("window.__loggrainsOldDocument = true").ConfigureAwait(false);
        var result = await _page.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }).ConfigureAwait(false);
        if (result.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        }

        // A same-document navigation (only the #fragment changed) has no loader and keeps the document.
        var condition = result.TryGetProperty("loaderId", out _)
            ? "window.__loggrainsOldDocument === undefined && document.readyState === 'complete'"
            : "document.readyState === 'complete'";
        await WaitUntilAsync(condition, $"{url} to load", TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    /// <summary>Evaluates a script expression in the page (promises awaited) and returns its JSON value.</summary>
    public async Task<T> EvaluateAsync<T>(string expression)
    {
        var result = await _page.SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        }).ConfigureAwait(false);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"The page threw evaluating `{expression}`: {exception.GetRawText()}");
        }

        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var json) ? json.Deserialize<T>()! : default!;
    }

    /// <summary>Polls a boolean expression until it is true; past <paramref name="bound"/> fails with what it waited for and the page's text.</summary>
    public async Task WaitUntilAsync(string condition, string what, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                if (await EvaluateAsync<bool>($"Boolean({condition})").ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                // A navigation in progress can destroy the context the expression ran in: try again.
            }

            if (DateTime.UtcNow >= deadline)
            {
                var text = await BodyTextAsync().ConfigureAwait(false);
                throw new TimeoutException(
                    $"Waited {bound.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for {what}; the page at {await EvaluateAsync<string>("location.href").ConfigureAwait(false)} shows: {Shorten(text)}");
            }

            await Task.Delay(250).ConfigureAwait(false);
        }
    }

    /// <summary>The text of the page's body (empty when there is none).</summary>
    public Task<string> BodyTextAsync() => EvaluateAsync<string>("document.body ? document.body.innerText : ''");

    /// <summary>Deletes every cookie the browser holds.</summary>
    public Task ClearCookiesAsync() => _page.SendAsync("Network.clearBrowserCookies");

    /// <summary>Saves a PNG of the viewport to <paramref name="path"/> (directories created) and returns the path.</summary>
    public async Task<string> ScreenshotAsync(string path)
    {
        var result = await _page.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result.GetProperty("data").GetString()!)).ConfigureAwait(false);
        return Path.GetFullPath(path);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _page.DisposeAsync().ConfigureAwait(false);
        Stop(_process, _profile);
    }

    /// <summary>The last lines Chromium wrote, for failure messages.</summary>
    public override string ToString() => _output.ToString();

    private static async Task<int> ReadDevToolsPortAsync(Process process, string profile, OutputTail output)
    {
        var file = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before it opened its DevTools port: {output}");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file).ConfigureAwait(false);
                if (lines.Length >= 1 && int.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port > 0)
                {
                    return port;
                }
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Chromium did not write {file} within {StartTimeout.TotalSeconds} s: {output}");
    }

    private static async Task<Uri> PageWebSocketAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")).ConfigureAwait(false));
            foreach (var target in targets.RootElement.EnumerateArray())
            {
                if (target.GetProperty("type").GetString() == "page" && target.TryGetProperty("webSocketDebuggerUrl", out var url))
                {
                    return new Uri(url.GetString()!);
                }
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new InvalidOperationException($"Chromium on DevTools port {port} has no page target: {targets.RootElement.GetRawText()}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static void Stop(Process process, string profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            process.Dispose();
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(profile); attempt++)
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
