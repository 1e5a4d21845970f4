using System.Diagnostics;
using System.Globalization;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Testing;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Processes;

namespace LogGrains.LoadHarness;

/// <summary>
/// moto, the fault proxy in front of it, the S3 → SNS → SQS chain, the tenant table with one customer account per
/// tenant, and N <c>loggrains</c> processes of the aws profile with their own web, silo and gateway ports, all talking
/// to AWS through the proxy. Disposing kills every process it started, by id.
/// </summary>
internal sealed class SiloCluster : IAsyncDisposable
{
    public const string CustomerRole = "customer-log-writer";
    private readonly string _dll;
    private readonly Dictionary<string, string?> _common;
    private readonly List<Dictionary<string, string?>> _settings = [];

    private SiloCluster(MotoServer moto, AwsFaultProxy proxy, StagingChain chain, string dll, Dictionary<string, string?> common)
    {
        Moto = moto;
        Proxy = proxy;
        Chain = chain;
        _dll = dll;
        _common = common;
    }

    public MotoServer Moto { get; }

    public AwsFaultProxy Proxy { get; }

    public StagingChain Chain { get; }

    /// <summary>The current process of each silo slot (a restart replaces it).</summary>
    public List<Process> Processes { get; } = [];

    /// <summary>Every process ever started for each slot, for CPU totals across restarts.</summary>
    public List<List<Process>> Incarnations { get; } = [];

    public List<Uri> Web { get; } = [];

    /// <summary>Where each slot's silo writes every line it logs, one directory per run (<c>artifacts/</c> is not committed).</summary>
    public string LogDirectory { get; } = Path.Combine("artifacts", "loadharness", "logs", DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));

    /// <summary>The Orleans silo port of slot <paramref name="slot"/>: how the slot's silo is named in Orleans' silo addresses.</summary>
    public int SiloPortOf(int slot) => int.Parse(_settings[slot]["LogGrains:Cluster:SiloPort"]!, CultureInfo.InvariantCulture);

    /// <summary>The settings every silo shares (cluster id, table names, the AWS endpoint), as <c>LogGrains:…</c> keys.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _common;

    /// <summary>The customer account of a tenant: moto separates accounts by the AssumeRole session's keys.</summary>
    public static string AccountOf(int tenantIndex) => (500_000_000_000L + tenantIndex).ToString(CultureInfo.InvariantCulture);

    public static string RoleOf(int tenantIndex) => $"arn:aws:iam::{AccountOf(tenantIndex)}:role/{CustomerRole}";

    public static async Task<SiloCluster> StartAsync(HarnessOptions options, IReadOnlyList<string> tenants, IReadOnlyDictionary<string, string?> extraSettings)
    {
        var dll = SiloProcess.Find(options.SiloDll);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        var moto = new MotoServer();
        AwsFaultProxy? proxy = null;
        try
        {
            await moto.InitializeAsync().ConfigureAwait(false);
            proxy = await AwsFaultProxy.StartAsync(moto.Endpoint).ConfigureAwait(false);
            var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 50).ConfigureAwait(false);
            var table = MotoServer.UniqueName("tenants");
            await PutTenantsAsync(moto.Endpoint, table, tenants).ConfigureAwait(false);
            var common = AwsProfileTestSettings.For(proxy.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, table);
            common["LogGrains:Logging:Format"] = "json";
            foreach (var (key, value) in extraSettings)
            {
                common[key] = value;
            }

            var cluster = new SiloCluster(moto, proxy, chain, dll, common);
            Console.WriteLine($"silo logs: {Path.GetFullPath(cluster.LogDirectory)}/silo-<slot>.log (every incarnation of a slot appends)");
            for (var i = 0; i < options.Silos; i++)
            {
                cluster.StartSlot(i);
            }

            for (var i = 0; i < options.Silos; i++)
            {
                await cluster.WaitReadyAsync(i, TimeSpan.FromMinutes(3)).ConfigureAwait(false);
            }

            return cluster;
        }
        catch
        {
            if (proxy is not null)
            {
                await proxy.DisposeAsync().ConfigureAwait(false);
            }

            moto.Dispose();
            throw;
        }
    }

    /// <summary>Starts the silo of slot <paramref name="slot"/> (again, after a kill, on the same ports).</summary>
    public void StartSlot(int slot)
    {
        if (slot == _settings.Count)
        {
            _settings.Add(new Dictionary<string, string?>(_common)
            {
                ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
                ["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            });
            Web.Add(new Uri($"http://127.0.0.1:{_settings[slot]["LogGrains:Web:Port"]}"));
            Incarnations.Add([]);
            Processes.Add(null!);
        }

        var process = SiloProcess.Start(_dll, _settings[slot], Path.Combine(LogDirectory, $"silo-{slot}.log"));
        Processes[slot] = process;
        Incarnations[slot].Add(process);
    }

    public async Task WaitReadyAsync(int slot, TimeSpan limit)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await SiloProcess.WaitAsync(async () => await SiloProcess.AnswersOkAsync(http, new Uri(Web[slot], "/readyz")).ConfigureAwait(false), $"silo {slot} to become ready", Processes[slot], limit, TimeSpan.FromMilliseconds(250)).ConfigureAwait(false);
    }

    /// <summary><c>kill -9</c>: the silo dies with whatever it had in flight.</summary>
    public async Task KillAsync(int slot)
    {
        Processes[slot].Kill(entireProcessTree: true);
        await Processes[slot].WaitForExitAsync().ConfigureAwait(false);
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod, then waits (at most <paramref name="grace"/>) for the silo to exit; SIGKILL after that.</summary>
    public async Task TerminateAsync(int slot, TimeSpan grace)
    {
        var process = Processes[slot];
        if (!await SiloProcess.TerminateAsync(process, grace).ConfigureAwait(false))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// With <c>--hold-seconds N</c>: keeps the silos running N s more and says their pids, for a heap snapshot
    /// (<c>dotnet-gcdump collect -p PID</c>) or a look at <c>/proc/PID/smaps_rollup</c>.
    /// </summary>
    public async Task HoldAsync(TimeSpan hold, CancellationToken token)
    {
        if (hold > TimeSpan.Zero)
        {
            Console.WriteLine($"holding the cluster {hold.TotalSeconds:F0} s; silo pids {string.Join(' ', Processes.Select(p => p.Id))} (dotnet-gcdump collect -p PID)");
            await Task.Delay(hold, token).ConfigureAwait(false);
        }
    }

    /// <summary>The silo's <c>/metrics</c> text, or null when it does not answer.</summary>
    public static async Task<string?> MetricsAsync(HttpClient http, Uri web)
    {
        try
        {
            return await http.GetStringAsync(new Uri(web, "/metrics")).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Incarnations.SelectMany(p => p))
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
            catch (InvalidOperationException)
            {
            }

            process.Dispose();
        }

        await Proxy.DisposeAsync().ConfigureAwait(false);
        Moto.Dispose();
    }

    private static async Task PutTenantsAsync(Uri moto, string table, IReadOnlyList<string> tenants)
    {
        using (var dynamo = TestAws.DynamoDb(moto))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None).ConfigureAwait(false);
        }

        using var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto }, TestAws.DefaultCredentials);
        for (var t = 0; t < tenants.Count; t++)
        {
            var config = new TenantConfig(
                tenants[t], DeliveryType.CloudWatch, Enabled: true, RoleOf(t), MotoServer.DefaultAccountId, MotoServer.Region,
                DesiredLogsFilter.All, $"/loggrains/{tenants[t]}", BucketName: null, TenantConfig.DefaultBucketPrefix);
            await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None).ConfigureAwait(false);
        }
    }
}
