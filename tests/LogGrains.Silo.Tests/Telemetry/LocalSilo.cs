using System.Globalization;
using LogGrains.Abstractions;
using LogGrains.Core.Tenants;
using LogGrains.Silo.Hosting;
using LogGrains.Silo.Local;
using LogGrains.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>A local-profile silo built by <see cref="SiloApp"/> in a temporary root, on free ports, with its web port scraped.</summary>
internal sealed class LocalSilo : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    private readonly HttpClient _http = new();

    private LocalSilo(string root, WebApplication app, int webPort)
    {
        Root = root;
        App = app;
        Paths = new LocalPaths(root);
        _http.BaseAddress = new Uri($"http://127.0.0.1:{webPort.ToString(CultureInfo.InvariantCulture)}/");
    }

    public string Root { get; }

    public WebApplication App { get; }

    public LocalPaths Paths { get; }

    /// <summary>Builds and starts a silo with the local profile's test settings, <paramref name="extra"/> on top.</summary>
    public static async Task<LocalSilo> StartAsync(
        string root,
        IReadOnlyDictionary<string, string?>? extra = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var webPort = LoopbackPort.Free();
        var settings = new Dictionary<string, string?>
        {
            ["LogGrains:Profile"] = "local",
            ["LogGrains:Local:Root"] = root,
            ["LogGrains:Local:SampleInterval"] = "0",
            ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Web:Port"] = webPort.ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Poller:WaitTime"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = SiloApp.Build([], builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }

            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new LocalSilo(root, app, webPort);
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

    public async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var response = await _http.GetAsync(new Uri("metrics", UriKind.Relative));
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

    public async Task WaitUntilStagingEmptyAsync()
    {
        await WaitUntilAsync(() => Task.FromResult(!Directory.EnumerateFiles(Paths.Staging, "*", SearchOption.AllDirectories).Any()), "the staged files to be delivered");
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}.");
            await Task.Delay(250);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await App.StopAsync();
        }
        finally
        {
            await App.DisposeAsync();
            _http.Dispose();
        }
    }
}
