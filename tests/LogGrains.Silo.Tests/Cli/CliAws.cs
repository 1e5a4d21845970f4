using System.Text.Json;
using LogGrains.Aws.Tenants;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>
/// What the CLI tests against moto share: the central and customer roles, a fresh tenant table with the settings that
/// point the CLI at it, items put through the CLI, and the customer's log groups.
/// </summary>
internal static class CliAws
{
    public const string CentralRole = "arn:aws:iam::123456789012:role/loggrains-central";
    public const string CentralAccount = "123456789012";
    public const string CustomerAccount = "246813579024";
    public static readonly string CustomerRole = $"arn:aws:iam::{CustomerAccount}:role/customer-log-writer";

    /// <summary>
    /// A fault proxy in front of moto where, like the customer's trust policy, the customer role may be assumed only with
    /// the central account id as ExternalId.
    /// </summary>
    public static async Task<AwsFaultProxy> StartProxyAsync(MotoServer moto)
    {
        var proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        proxy.TrustRole(CustomerRole, CentralAccount);
        return proxy;
    }

    /// <summary>A new tenant table keyed by tenant_id and type, and the aws profile's settings that reach it (and AWS) through <paramref name="endpoint"/>.</summary>
    public static async Task<Dictionary<string, string?>> SettingsAsync(MotoServer moto, Uri endpoint)
    {
        var table = MotoServer.UniqueName("tenants");
        using (var dynamo = TestAws.DynamoDb(moto.Endpoint))
        {
            await DynamoDbTenantStore.CreateTableAsync(dynamo, table, TenantTableShape.TenantIdAndType, CancellationToken.None);
        }

        return new Dictionary<string, string?>
        {
            ["LogGrains:Profile"] = "aws",
            ["LogGrains:Aws:Region"] = MotoServer.Region,
            ["LogGrains:Aws:ServiceUrl"] = endpoint.ToString(),
            ["LogGrains:Tenants:TableName"] = table,
            ["LogGrains:Delivery:CentralRoleArn"] = CentralRole,
        };
    }

    /// <summary>Puts <paramref name="item"/> (JSON, either shape) with <c>tenants put -</c>; the test fails if the CLI refuses it.</summary>
    public static async Task<CliResult> PutAsync(IReadOnlyDictionary<string, string?> settings, string item)
    {
        var put = await CliRun.RunWithInputAsync(settings, item, null, "tenants", "put", "-");
        Assert.True(put.Exit == 0, put.ToString());
        return put;
    }

    /// <summary>Creates a log group in <paramref name="account"/>, straight at moto.</summary>
    public static async Task CreateLogGroupAsync(MotoServer moto, string account, string group)
    {
        using var logs = new SignedAwsHttp(moto.Endpoint, "logs", accountId: account);
        var (status, body) = await logs.PostJsonAsync("Logs_20140328.CreateLogGroup", JsonSerializer.Serialize(new { logGroupName = group }));
        Assert.True(status == 200, body);
    }
}
