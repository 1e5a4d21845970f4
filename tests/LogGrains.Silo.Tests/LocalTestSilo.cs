using System.Globalization;
using System.Net.Http.Headers;
using LogGrains.Abstractions;
using LogGrains.Core.Tenants;
using LogGrains.Silo.Hosting;
using LogGrains.Local;
using LogGrains.Silo.Tests.Telemetry;
using LogGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests;

/// <summary>
/// A real local-profile silo built through <see cref="SiloApp"/> (so the web surface is the one the executable has), on
/// free loopback ports and a temporary root that is deleted on dispose, with the sample feeder off so that tests drop
/// files themselves.
/// </summary>
internal sealed class LocalTestSilo : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private bool _started;

    /// <param name="root">The local root; a new temporary directory when null. Deleted on dispose either way.</param>
    /// <param name="adminToken">The admin token that guards /tenants, /api/tenants and /dashboard; none when null.</param>
    /// <param name="settings">Settings on top of the local profile's test settings.</param>
    /// <param name="configure">A last change to the builder, after the settings.</param>
    public LocalTestSilo(
        string? root = null,
        string? adminToken = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        Root = root ?? Path.Combine(Path.GetTempPath(), "loggrains-silo-" + Guid.NewGuid().ToString("N"));
        var port = LoopbackPort.Free();
        BaseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var all = new Dictionary<string, string?>
        {
            ["LogGrains:Profile"] = "local",
            ["LogGrains:Local:Root"] = Root,
            ["LogGrains:Local:SampleInterval"] = "0",
            ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Web:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Web:AdminToken"] = adminToken,
            ["LogGrains:Poller:WaitTime"] = "00:00:01",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        App = SiloApp.Build([], builder =>
        {
            foreach (var (key, value) in all)
            {
                builder.Configuration[key] = value;
            }

            configure?.Invoke(builder);
        });
    }

    public string Root { get; }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public LocalPaths Paths => App.Services.GetRequiredService<LocalPaths>();

    public async Task<LocalTestSilo> StartAsync()
    {
        await App.StartAsync();
        _started = true;
        return this;
    }

    /// <summary>Writes tenants.json with one CloudWatch delivery per tenant, so that no sample files are written.</summary>
    public static async Task WriteTenantsAsync(string root, IEnumerable<string> tenants)
    {
        var paths = new LocalPaths(root);
        paths.CreateDirectories();
        using var store = new LocalTenantStore(paths);
        foreach (var tenant in tenants)
        {
            var config = new TenantConfig(
                tenant, DeliveryType.CloudWatch, Enabled: true, LocalSampleWriter.LocalRoleArn, "000000000000", "us-east-1",
                DesiredLogsFilter.All, $"/loggrains/{tenant}", BucketName: null, TenantConfig.DefaultBucketPrefix);
            await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None);
        }
    }

    /// <summary>An HTTP client for the silo that does not follow redirects and keeps no cookies.</summary>
    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>Stages a Vector file of <paramref name="events"/> events for a tenant; returns its key.</summary>
    public string Stage(string tenant, string application, int events, int first)
    {
        var pod = $"{application}-0";
        var (content, _) = LocalSampleWriter.BuildContent(tenant, application, pod, "ns", DateTimeOffset.UtcNow.AddMinutes(-3), first, events);
        var key = $"{tenant}/{LocalSampleWriter.ClusterId}/{application}/{pod}/{Guid.NewGuid():N}.log.gz";
        var temporary = Path.Combine(Paths.Temp, Guid.NewGuid().ToString("N") + ".tmp");
        Directory.CreateDirectory(Paths.Temp);
        File.WriteAllBytes(temporary, content);
        var destination = Path.Combine(Paths.Staging, key);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.Move(temporary, destination);
        return key;
    }

    /// <summary>Drops one new sample file per sample tenant into staging, as the local profile's feeder does.</summary>
    public IReadOnlyList<LocalSampleFile> DropFeedFiles() => App.Services.GetRequiredService<LocalSampleWriter>().WriteFeedFiles(DateTimeOffset.UtcNow);

    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    public Task<TenantStats> StatsAsync(string tenant) =>
        App.Services.GetRequiredService<IGrainFactory>().GetGrain<ITenantGrain>(tenant).GetStats();

    /// <summary>Events delivered to a tenant's log files (one line per event).</summary>
    public int LoggedEvents(string tenant)
    {
        var directory = Path.Combine(Root, "logs", tenant);
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*.log", SearchOption.AllDirectories).Sum(f => File.ReadAllLines(f).Length)
            : 0;
    }

    /// <summary>Waits (bounded) until the first start's sample files have left staging, i.e. were delivered or filtered.</summary>
    public async Task WaitForInitialSamplesAsync()
    {
        var samples = App.Services.GetRequiredService<LocalStartup>().Samples;
        Assert.NotEmpty(samples);
        await WaitUntilAsync(() => Task.FromResult(samples.All(s => !File.Exists(Path.Combine(Paths.Staging, s.Key)))), "the sample files to leave staging");
    }

    public async Task WaitUntilStagingEmptyAsync()
    {
        await WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(Paths.Staging, "*", SearchOption.AllDirectories).Any()), "the staged files to be delivered");
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <see cref="Bound"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_started)
            {
                await App.StopAsync();
            }
        }
        finally
        {
            await App.DisposeAsync();
        }

        for (var attempt = 0; attempt < 5 && Directory.Exists(Root); attempt++)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
