using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using LogGrains.Silo.Hosting;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using LogGrains.Testing.Vector;
using Microsoft.AspNetCore.Builder;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// LogGrains deployed the way deploy/README.md says, on moto: the real global, regional and customer templates
/// through moto's CloudFormation (parameters only; the customer stack in its own account), the tenant written with
/// <c>loggrains tenants put</c>, and one silo of the aws profile configured from the stack outputs alone. Its AWS
/// traffic passes the fault proxy, which holds the customer role to the ExternalId of its deployed trust policy and
/// throttles the first PutLogEvents (so the throttle counter is exported too). Then Vector-format objects are staged:
/// one that delivers (with one event too old to send) and one corrupt one for the dead-letter queue.
/// </summary>
public sealed class DeployedLogGrains : IAsyncLifetime, IDisposable
{
    public const string Tenant = "acme";
    public const string CustomerAccount = "210987654321";
    public const string LogGroup = "/loggrains/acme";
    public const string Application = "checkout";
    public const string Pod = "checkout-7d9f-abcde";
    public const string S3Tenant = "globex";
    public const string S3CustomerAccount = "333333333333";
    public const string S3DeliveryBucket = "globex-log-archive";
    public const string OidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B7";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly MotoServer _moto = new();
    private AwsFaultProxy? _proxy;
    private WebApplication? _silo;

    public StackDeployment Global { get; private set; } = null!;

    public StackDeployment Regional { get; private set; } = null!;

    public StackDeployment Customer { get; private set; } = null!;

    public StackDeployment Cluster { get; private set; } = null!;

    /// <summary>A cluster stack in the customer's account that only collects: no silo role, the regional writer role given.</summary>
    public StackDeployment CollectorOnlyCluster { get; private set; } = null!;

    /// <summary>A customer stack with an S3 delivery (tenant <see cref="S3Tenant"/>), in a third account; deployed, not delivered to.</summary>
    public StackDeployment S3Customer { get; private set; } = null!;

    public Uri MotoEndpoint => _moto.Endpoint;

    /// <summary>The messages of the deliverable object's events that CloudWatch may accept, in file order.</summary>
    public IReadOnlyList<string> ExpectedMessages { get; private set; } = [];

    /// <summary>The message of the event that is too old for CloudWatch Logs and must not arrive.</summary>
    public string TooOldMessage { get; } = "too old to send " + Guid.NewGuid().ToString("N");

    public string GoodKey { get; } = $"{Tenant}/prod-eu-1/{Application}/{Pod}/{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{Guid.NewGuid()}.json.gz";

    public string CorruptKey { get; } = $"{Tenant}/prod-eu-1/{Application}/{Pod}/{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{Guid.NewGuid()}.json.gz";

    /// <summary>The settings an operator gives <c>loggrains</c> CLI verbs, from the stack outputs.</summary>
    public IReadOnlyDictionary<string, string> CliEnvironment { get; private set; } = new Dictionary<string, string>();

    public Uri SiloBaseUri { get; private set; } = null!;

    public AwsFaultProxy Proxy => _proxy!;

    public async Task InitializeAsync()
    {
        try
        {
            await DeployAndDeliverAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialization failed: stop the silo, the proxy and moto here.
            await DisposeAsync();
            throw;
        }
    }

    private async Task DeployAndDeliverAsync()
    {
        // The silo takes its own credentials from the SDK's default chain, as IRSA provides them on Kubernetes;
        // here the chain finds moto's keys of the central account.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        await _moto.InitializeAsync();

        using (var central = new CloudFormationClient(_moto.Endpoint, MotoServer.DefaultAccountId))
        {
            Global = await central.DeployAsync("loggrains-global", CfnTemplates.Read("global"), new Dictionary<string, string>());
            Regional = await central.DeployAsync("loggrains-regional", CfnTemplates.Read("regional"), new Dictionary<string, string>());

            // Not used by the silo here (moto has no OIDC web identity), deployed to prove its imports and trust.
            Cluster = await central.DeployAsync("loggrains-cluster-main", CfnTemplates.Read("cluster"), new Dictionary<string, string>
            {
                ["OidcProviderArn"] = OidcProviderArn,
            });
        }

        using (var customer = new CloudFormationClient(_moto.Endpoint, CustomerAccount))
        {
            Customer = await customer.DeployAsync("loggrains-acme", CfnTemplates.Read("customer"), new Dictionary<string, string>
            {
                ["CentralRoleArn"] = Global.Output("CentralRoleArn"),
            });
            CollectorOnlyCluster = await customer.DeployAsync("loggrains-collector-acme", CfnTemplates.Read("cluster"), new Dictionary<string, string>
            {
                ["OidcProviderArn"] = $"arn:aws:iam::{CustomerAccount}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ACME",
                ["ClusterName"] = "acme-prod",
                ["CreateSiloRole"] = "false",
                ["WriterRoleArn"] = Regional.Output("CollectorWriterRoleArn"),
            });
        }

        using (var customer = new CloudFormationClient(_moto.Endpoint, S3CustomerAccount))
        {
            S3Customer = await customer.DeployAsync("loggrains-globex", CfnTemplates.Read("customer"), new Dictionary<string, string>
            {
                ["CentralRoleArn"] = Global.Output("CentralRoleArn"),
                ["DeliveryBucketName"] = S3DeliveryBucket,
                ["DeliveryBucketPrefix"] = "kubernetes/",
                ["StagingBucketName"] = Regional.Output("BucketName"),
                ["TenantId"] = S3Tenant,
            });
        }

        using (var s3 = TestAws.S3(_moto.Endpoint))
        {
            await TemplateBucketSettings.ApplyAsync(s3, CfnTemplate.Load("regional"), Regional);
        }

        _proxy = await AwsFaultProxy.StartAsync(_moto.Endpoint);
        var customerRole = Customer.Output("LogDistributionRoleArn");
        _proxy.TrustRole(customerRole, await DeployedExternalIdAsync(customerRole));
        _proxy.Inject(FaultRule.FirstN("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 1));

        CliEnvironment = new Dictionary<string, string>
        {
            ["LogGrains__Profile"] = "aws",
            ["LogGrains__Aws__Region"] = Regional.Output("Region"),
            ["LogGrains__Aws__ServiceUrl"] = _proxy.Endpoint.ToString(),
            ["LogGrains__Tenants__TableName"] = Regional.Output("TenantsTableName"),
            ["LogGrains__Delivery__CentralRoleArn"] = Global.Output("CentralRoleArn"),
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
        await PutTenantAsync(customerRole);
        await StartSiloAsync();
        await StageAsync();
        await WaitForDeliveryAsync();

        // The last onboarding step of deploy/README.md, now that the first delivery created the log group.
        Validation = await LoggrainsCli.RunAsync(CliEnvironment, "tenants", "validate", Tenant);
    }

    /// <summary>Exit code and output of <c>loggrains tenants validate acme</c> after the delivery.</summary>
    public (int ExitCode, string Output) Validation { get; private set; }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
            {
                await _silo.StopAsync();
                await _silo.DisposeAsync();
            }

            if (_proxy is not null)
            {
                await _proxy.DisposeAsync();
            }
        }
        finally
        {
            await _moto.DisposeAsync();
        }
    }

    /// <summary>Stops moto by its process id (also when <see cref="DisposeAsync"/> did not run).</summary>
    public void Dispose() => _moto.Dispose();

    /// <summary>The events CloudWatch Logs (moto) holds in an account, by group and stream.</summary>
    public Task<IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>>> LogsAsync(string account) =>
        MotoLogs.ReadAccountAsync(_moto.Endpoint, account);

    /// <summary>The ExternalId condition of the customer role's trust policy as moto's IAM stored it from the stack.</summary>
    private async Task<string> DeployedExternalIdAsync(string roleArn)
    {
        var policy = await new MotoIam(_moto.Endpoint).TrustPolicyAsync(roleArn);
        var statement = Assert.Single(policy.GetProperty("Statement").EnumerateArray());
        Assert.Equal(Global.Output("CentralRoleArn"), statement.GetProperty("Principal").GetProperty("AWS").GetString());
        return statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString()!;
    }

    private async Task PutTenantAsync(string customerRole)
    {
        // As in deploy/README.md: the item in DynamoDB's typed shape; external_id left out (the central account id).
        var item = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["tenant_id"] = new { S = Tenant },
            ["type"] = new { S = "cloudwatch" },
            ["log_distribution_role_arn"] = new { S = customerRole },
            ["log_group_name"] = new { S = LogGroup },
            ["target_region"] = new { S = Customer.Output("LogsRegion") },
        });
        var file = Path.Combine(Path.GetTempPath(), $"loggrains-tenant-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, item);
        try
        {
            var (exitCode, output) = await LoggrainsCli.RunAsync(CliEnvironment, "tenants", "put", file);
            Assert.True(exitCode == 0, $"loggrains tenants put exited with {exitCode}: {output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task StartSiloAsync()
    {
        var webPort = LoopbackPort.Free();
        SiloBaseUri = new Uri($"http://127.0.0.1:{webPort.ToString(CultureInfo.InvariantCulture)}/");
        var settings = new Dictionary<string, string?>
        {
            ["LogGrains:Profile"] = "aws",
            ["LogGrains:Aws:Region"] = Regional.Output("Region"),
            ["LogGrains:Aws:ServiceUrl"] = _proxy!.Endpoint.ToString(),
            ["LogGrains:Sqs:QueueUrl"] = Regional.Output("QueueUrl"),
            ["LogGrains:Sqs:DeadLetterQueueUrl"] = Regional.Output("DeadLetterQueueUrl"),
            ["LogGrains:Delivery:CentralRoleArn"] = Global.Output("CentralRoleArn"),
            ["LogGrains:Tenants:TableName"] = Regional.Output("TenantsTableName"),
            ["LogGrains:Cluster:MembershipTableName"] = Regional.Output("MembershipTableName"),
            ["LogGrains:Cluster:GrainStateTableName"] = Regional.Output("GrainStateTableName"),
            ["LogGrains:Delivery:CheckpointTableName"] = Regional.Output("CheckpointTableName"),
            ["LogGrains:Usage:TableName"] = Regional.Output("UsageTableName"),
            ["LogGrains:Cluster:ClusterId"] = MotoServer.UniqueName("cluster"),
            ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Web:Port"] = webPort.ToString(CultureInfo.InvariantCulture),
            ["LogGrains:Poller:WaitTime"] = "00:00:01",
            ["LogGrains:Logging:Format"] = "text",
        };
        _silo = SiloApp.Build([], builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.Configuration[key] = value;
            }
        });
        await _silo.StartAsync();
    }

    private async Task StageAsync()
    {
        var now = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds();
        var messages = Enumerable.Range(0, 20).Select(i => $"{{\"level\":\"info\",\"msg\":\"order {i} paid\",\"run\":\"{Guid.NewGuid():N}\"}}").ToList();
        var records = messages.Select((message, i) => Record(message, now + i)).ToList();
        records.Add(Record(TooOldMessage, DateTimeOffset.UtcNow.AddDays(-20).ToUnixTimeMilliseconds()));
        ExpectedMessages = messages;
        using var s3 = TestAws.S3(_moto.Endpoint);
        var bucket = Regional.Output("BucketName");
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = GoodKey, InputStream = new MemoryStream(VectorNdjson.Gzip(records)) });
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = CorruptKey, InputStream = new MemoryStream([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03]) });
    }

    private static Dictionary<string, object> Record(string message, long unixMs) => new()
    {
        ["timestamp"] = VectorNdjson.Timestamp(unixMs, "123456"),
        ["message"] = message,
        ["customer_id"] = Tenant,
        ["cluster_id"] = "prod-eu-1",
        ["application"] = Application,
        ["pod_name"] = Pod,
        ["namespace"] = "shop",
        ["source_type"] = "kubernetes_logs",
        ["stream"] = "stdout",
    };

    private async Task WaitForDeliveryAsync()
    {
        using var sqs = TestAws.Sqs(_moto.Endpoint);
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var logs = await LogsAsync(CustomerAccount);
            var delivered = logs.Where(l => l.Key.Group == LogGroup).Sum(l => l.Value.Count);
            var queue = await sqs.GetQueueAttributesAsync(Regional.Output("QueueUrl"), ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
            var dead = await sqs.GetQueueAttributesAsync(Regional.Output("DeadLetterQueueUrl"), ["ApproximateNumberOfMessages"]);
            if (delivered >= ExpectedMessages.Count && queue.ApproximateNumberOfMessages + queue.ApproximateNumberOfMessagesNotVisible == 0 && dead.ApproximateNumberOfMessages >= 1)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"After {Bound.TotalSeconds} s: {delivered} of {ExpectedMessages.Count} events in {LogGroup} of account {CustomerAccount}, "
                    + $"{queue.ApproximateNumberOfMessages + queue.ApproximateNumberOfMessagesNotVisible} message(s) left in the queue, {dead.ApproximateNumberOfMessages} in the DLQ (want 1).");
            }

            await Task.Delay(500);
        }
    }
}
