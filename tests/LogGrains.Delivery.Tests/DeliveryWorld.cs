using Amazon.S3.Model;
using Amazon.SQS.Model;
using LogGrains.Aws.Hosting;
using LogGrains.Aws.Tenants;
using LogGrains.Core.Tenants;
using LogGrains.Grains.Polling;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace LogGrains.Delivery.Tests;

/// <summary>
/// One end-to-end world: moto behind the fault proxy, the S3 → SNS → SQS staging chain, a tenant table,
/// and a two-silo Orleans cluster wired exactly like the AWS profile (memory grain storage).
/// </summary>
internal sealed class DeliveryWorld : IAsyncDisposable
{
    public const string CentralRole = "arn:aws:iam::123456789012:role/loggrains-central";
    public const string CentralAccount = "123456789012";

    private readonly MotoServer _moto;
    private int _maxAttempts;

    private DeliveryWorld(MotoServer moto, AwsFaultProxy proxy, StagingChain chain, string tenantTable)
    {
        _moto = moto;
        Proxy = proxy;
        Chain = chain;
        TenantTable = tenantTable;
    }

    public AwsFaultProxy Proxy { get; }

    public StagingChain Chain { get; }

    public string TenantTable { get; }

    /// <summary>This world's own usage table: moto copies a table on every transaction, so a table shared by every test would slow them all as it fills.</summary>
    public string UsageTable { get; } = MotoServer.UniqueName("usage");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Settings added to (or overriding) <see cref="SiloSettings"/> for a cluster started afterwards.</summary>
    public Dictionary<string, string?> ExtraSettings { get; } = [];

    public static async Task<DeliveryWorld> CreateAsync(MotoServer moto, int maxAttempts = 3, bool startCluster = true)
    {
        var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        var chain = await StagingChain.CreateAsync(moto.Endpoint, maxReceiveCount: 50);
        var table = MotoServer.UniqueName("tenants");
        using (var dynamo = TestAws.DynamoDb(moto.Endpoint))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None);
        }

        var world = new DeliveryWorld(moto, proxy, chain, table) { _maxAttempts = maxAttempts };
        if (startCluster)
        {
            await world.StartClusterAsync();
        }

        return world;
    }

    public static string RoleIn(string account) => $"arn:aws:iam::{account}:role/customer-log-writer";

    /// <summary>Writes a tenant delivery config through the real tenant store (straight to moto).</summary>
    public async Task PutTenantAsync(TenantConfig config)
    {
        using var store = new DynamoDbTenantStore(new DynamoDbTenantStoreOptions
        {
            TableName = TenantTable,
            Region = MotoServer.Region,
            ServiceUrl = _moto.Endpoint,
        }, TestAws.DefaultCredentials);
        await store.PutItemAsync(TenantItemWriter.Write(config), CancellationToken.None);
    }

    public static TenantConfig CloudWatch(string tenant, string account, string group, params string[] desiredLogs) =>
        new(tenant, DeliveryType.CloudWatch, Enabled: true, RoleIn(account), CentralAccount, MotoServer.Region,
            new DesiredLogsFilter(desiredLogs), group, BucketName: null, TenantConfig.DefaultBucketPrefix);

    public static TenantConfig S3Copy(string tenant, string account, string bucket) =>
        new(tenant, DeliveryType.S3, Enabled: true, RoleIn(account), CentralAccount, MotoServer.Region,
            DesiredLogsFilter.All, LogGroupName: null, bucket, TenantConfig.DefaultBucketPrefix);

    /// <summary>Uploads a file to the staging bucket (straight to moto): S3 announces it through SNS to SQS.</summary>
    public async Task UploadAsync(StagedFile file)
    {
        using var s3 = TestAws.S3(_moto.Endpoint);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Chain.Bucket, Key = file.Key, InputStream = new MemoryStream(file.Content) });
    }

    /// <summary>Uploads raw bytes under a key.</summary>
    public async Task UploadRawAsync(string key, byte[] content)
    {
        using var s3 = TestAws.S3(_moto.Endpoint);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = Chain.Bucket, Key = key, InputStream = new MemoryStream(content) });
    }

    /// <summary>Sends a raw S3 event for an object straight into the queue (a duplicate notification).</summary>
    public async Task SendNotificationAsync(string key, long size)
    {
        using var sqs = TestAws.Sqs(_moto.Endpoint);
        var record = new
        {
            eventVersion = "2.1",
            eventSource = "aws:s3",
            awsRegion = MotoServer.Region,
            eventTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
            eventName = "ObjectCreated:Put",
            s3 = new
            {
                bucket = new { name = Chain.Bucket },
                @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), size, sequencer = "00AB" },
            },
        };
        var body = System.Text.Json.JsonSerializer.Serialize(new { Records = new[] { record } });
        await sqs.SendMessageAsync(Chain.QueueUrl, body);
    }

    /// <summary>Waits until the work queue has nothing visible or in flight and the DLQ holds <paramref name="deadLetters"/>.</summary>
    public async Task WaitUntilSettledAsync(int deadLetters = 0, int minimumDeleted = 0, TimeSpan? limit = null)
    {
        using var sqs = TestAws.Sqs(_moto.Endpoint);
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(3));
        var quietRounds = 0;
        while (DateTime.UtcNow < deadline)
        {
            var pending = await CountAsync(sqs, Chain.QueueUrl);
            var dead = await CountAsync(sqs, Chain.DeadLetterQueueUrl);
            quietRounds = pending == 0 && dead >= deadLetters && Deleted() >= minimumDeleted ? quietRounds + 1 : 0;
            if (quietRounds >= 3)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException(
            $"The queue did not settle: {await CountAsync(sqs, Chain.QueueUrl)} pending, {await CountAsync(sqs, Chain.DeadLetterQueueUrl)} dead-lettered (want {deadLetters}), {Deleted()} deleted (want {minimumDeleted}).");
    }

    /// <summary>Every message in the DLQ, with its attributes.</summary>
    public async Task<IReadOnlyList<Message>> DeadLettersAsync()
    {
        using var sqs = TestAws.Sqs(_moto.Endpoint);
        var all = new List<Message>();
        for (var round = 0; round < 5; round++)
        {
            var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = Chain.DeadLetterQueueUrl,
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 300,
                MessageAttributeNames = ["All"],
            });
            all.AddRange(batch.Messages ?? []);
        }

        return all;
    }

    public Task<IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>>> ReadLogsAsync(string account) =>
        MotoLogs.ReadAccountAsync(_moto.Endpoint, account);

    public long Deleted() => Cluster.Silos.Sum(s => Poller(s).Counters.DeletedCount);

    /// <summary>Messages the pollers left for a later receive (a visibility backoff) instead of settling them.</summary>
    public long Retried() => Cluster.Silos.Sum(s => Poller(s).Counters.RetriedCount);

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.StopAllSilosAsync();
            await Cluster.DisposeAsync();
        }

        await Proxy.DisposeAsync();
    }

    private static NotificationPoller Poller(InProcessSiloHandle silo) => silo.ServiceProvider.GetRequiredService<NotificationPoller>();

    private static async Task<int> CountAsync(Amazon.SQS.AmazonSQSClient sqs, string queueUrl)
    {
        var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    /// <summary>The settings every silo of this world runs with: the AWS profile's, pointed at the fault proxy, with short delays.</summary>
    public Dictionary<string, string?> SiloSettings()
    {
        var maxAttempts = _maxAttempts;
        return new Dictionary<string, string?>
        {
            ["LogGrains:Aws:Region"] = MotoServer.Region,
            ["LogGrains:Aws:ServiceUrl"] = Proxy.Endpoint.ToString(),
            ["LogGrains:Sqs:QueueUrl"] = Chain.QueueUrl,
            ["LogGrains:Sqs:DeadLetterQueueUrl"] = Chain.DeadLetterQueueUrl,
            ["LogGrains:Delivery:CentralRoleArn"] = CentralRole,
            ["LogGrains:Tenants:TableName"] = TenantTable,
            ["LogGrains:Usage:TableName"] = UsageTable,
            ["LogGrains:Delivery:ClusterRegion"] = MotoServer.Region,
            ["LogGrains:Delivery:CentralAccountId"] = CentralAccount,
            ["LogGrains:Delivery:RetryBaseDelay"] = "00:00:00.050",
            ["LogGrains:Delivery:RetryMaxDelay"] = "00:00:00.400",
            ["LogGrains:Delivery:TenantBlockedCooldown"] = "00:00:01",
            ["LogGrains:Delivery:MaxPutAttempts"] = "8",
            ["LogGrains:Poller:WaitTime"] = "00:00:01",
            ["LogGrains:Poller:RetryBackoffBase"] = "00:00:01",
            ["LogGrains:Poller:RetryBackoffMax"] = "00:00:02",
            ["LogGrains:Poller:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LogGrains:Shutdown:GracePeriod"] = "00:00:05",
        }.Concat(ExtraSettings).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Last().Value);
    }

    /// <summary>
    /// The settings of a built <c>loggrains</c> process in this world (<c>SiloProcess.Start</c>): <see cref="SiloSettings"/>
    /// with the aws profile's cluster settings (its own ports, DynamoDB membership) and JSON logs.
    /// </summary>
    public Dictionary<string, string?> ProcessSettings()
    {
        var settings = SiloSettings();
        foreach (var (key, value) in AwsProfileTestSettings.For(Proxy.Endpoint, Chain.QueueUrl, Chain.DeadLetterQueueUrl, TenantTable))
        {
            settings.TryAdd(key, value);
        }

        settings["LogGrains:Logging:Format"] = "json";
        return settings;
    }

    /// <summary>Starts the two-silo cluster (when the world was created without it, to build a backlog first).</summary>
    public async Task StartClusterAsync()
    {
        var settings = SiloSettings();
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(settings);
            host.Services.AddLogGrainsAwsAdapters(AwsProfileSettings.From(host.Configuration));
            host.Services.AddLogGrainsDelivery();
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(SiloHostExtensions.StorageName);
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = LogGrains.Grains.Hosting.LogGrainsClusterOptions.GrainCallTimeout);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }
}
