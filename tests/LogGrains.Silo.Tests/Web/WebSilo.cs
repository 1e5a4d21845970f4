using System.Globalization;
using LogGrains.Silo.Hosting;
using LogGrains.Silo.Local;
using LogGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Web;

/// <summary>
/// A real local-profile silo built through <see cref="SiloApp"/> (so the web surface is the one the executable has), on
/// free loopback ports and a temporary root, with the sample feeder off so that tests drop files themselves.
/// </summary>
internal sealed class WebSilo : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "loggrains-web-" + Guid.NewGuid().ToString("N"));
    private bool _started;

    public WebSilo(string? adminToken = null)
    {
        AdminToken = adminToken;
        var port = LoopbackPort.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        App = SiloApp.Build([], builder =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["LogGrains:Profile"] = "local",
                ["LogGrains:Local:Root"] = _root,
                ["LogGrains:Local:SampleInterval"] = "0",
                ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["LogGrains:Web:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["LogGrains:Web:AdminToken"] = adminToken,
                ["LogGrains:Poller:WaitTime"] = "00:00:01",
            };
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }
        });
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public string? AdminToken { get; }

    public LocalPaths Paths => App.Services.GetRequiredService<LocalPaths>();

    public async Task<WebSilo> StartAsync()
    {
        await App.StartAsync();
        _started = true;
        return this;
    }

    /// <summary>An HTTP client for the silo that does not follow redirects and keeps no cookies.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Waits (bounded) until the first start's sample files have left staging, i.e. were delivered or filtered.</summary>
    public async Task WaitForInitialSamplesAsync()
    {
        var samples = App.Services.GetRequiredService<LocalStartup>().Samples;
        Assert.NotEmpty(samples);
        await WaitUntilAsync(() => samples.All(s => !File.Exists(Path.Combine(Paths.Staging, s.Key))), "the sample files to leave staging");
    }

    /// <summary>Drops one new sample file per sample tenant into staging, as the local profile's feeder does.</summary>
    public IReadOnlyList<LocalSampleFile> DropFeedFiles() => App.Services.GetRequiredService<LocalSampleWriter>().WriteFeedFiles(DateTimeOffset.UtcNow);

    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await App.StopAsync();
        }

        await App.DisposeAsync();
        for (var attempt = 0; attempt < 5 && Directory.Exists(_root); attempt++)
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
