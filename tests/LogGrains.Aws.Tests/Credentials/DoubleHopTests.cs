using System.Web;
using Amazon.SecurityToken.Model;
using Amazon.SQS.Model;
using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Credentials.StsTestSetup;

namespace LogGrains.Aws.Tests.Credentials;

[Collection(MotoTests.Collection)]
public sealed class DoubleHopTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;
    private StsCredentialBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _proxy.TrustRole(CustomerRole, CentralAccount);
        _broker = Broker(_proxy);
    }

    public async Task DisposeAsync()
    {
        _broker.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Credentials_act_in_the_customer_account_and_what_they_create_exists_only_there()
    {
        var credentials = await _broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        using var sts = TestAws.Sts(moto.Endpoint, credentials.AsAws());
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(CustomerAccount, caller.Account);
        Assert.Contains("assumed-role/customer-log-writer/loggrains-acme", caller.Arn, StringComparison.Ordinal);

        var queueName = MotoServer.UniqueName("double-hop");
        using (var asCustomer = TestAws.Sqs(moto.Endpoint, credentials.AsAws()))
        {
            var created = await asCustomer.CreateQueueAsync(queueName);
            Assert.Contains($"/{CustomerAccount}/", created.QueueUrl, StringComparison.Ordinal);
        }

        Assert.Contains(await QueueUrlsAsync(CustomerAccount, queueName), url => url.EndsWith(queueName, StringComparison.Ordinal));
        Assert.Empty(await QueueUrlsAsync(CentralAccount, queueName));
        Assert.Empty(await QueueUrlsAsync(OtherAccount, queueName));
    }

    [Fact]
    public async Task Central_hop_uses_the_base_credentials_and_the_customer_hop_the_central_session_with_the_external_id()
    {
        await _broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.Equal(2, _proxy.Count("sts", "AssumeRole"));
        var hops = _proxy.Requests.Where(r => r.Info.Operation == "AssumeRole").ToList();
        var central = HttpUtility.ParseQueryString(hops[0].BodyText);
        var customer = HttpUtility.ParseQueryString(hops[1].BodyText);
        Assert.Equal("testing", hops[0].Info.AccessKeyId);
        Assert.Equal(CentralRole, central["RoleArn"]);
        Assert.Equal("loggrains-central", central["RoleSessionName"]);
        Assert.Equal("3600", central["DurationSeconds"]);
        Assert.Equal(_broker.CentralSession!.AccessKey, hops[1].Info.AccessKeyId);
        Assert.NotEqual("testing", hops[1].Info.AccessKeyId);
        Assert.Equal(CustomerRole, customer["RoleArn"]);
        Assert.Equal("loggrains-acme", customer["RoleSessionName"]);
        Assert.Equal(CentralAccount, customer["ExternalId"]);
        Assert.Equal("3600", customer["DurationSeconds"]);
    }

    [Fact]
    public async Task Customer_role_refuses_a_wrong_external_id_as_tenant_blocked_naming_the_role_and_accepts_the_trusted_one()
    {
        var refused = await Assert.ThrowsAsync<DeliveryException>(() =>
            _broker.GetCredentialsAsync("acme", CustomerRole, "someone-else", MotoServer.Region, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.TenantBlocked, refused.ErrorClass);
        Assert.Equal("sts:AssumeRole", refused.Operation);
        Assert.Equal("acme", refused.Tenant);
        Assert.Contains(CustomerRole, refused.Detail, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", refused.Detail, StringComparison.Ordinal);

        var granted = await _broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        using var sts = TestAws.Sts(moto.Endpoint, granted.AsAws());
        Assert.Equal(CustomerAccount, (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Account);
    }

    [Fact]
    public async Task Malformed_tenant_settings_are_tenant_blocked_without_asking_STS()
    {
        var badExternalId = await Assert.ThrowsAsync<DeliveryException>(() =>
            _broker.GetCredentialsAsync("acme", CustomerRole, "x", MotoServer.Region, CancellationToken.None));
        var badRole = await Assert.ThrowsAsync<DeliveryException>(() =>
            _broker.GetCredentialsAsync("acme", "arn:aws:iam::22:role/x", CentralAccount, MotoServer.Region, CancellationToken.None));
        var badRegion = await Assert.ThrowsAsync<DeliveryException>(() =>
            _broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, "mars", CancellationToken.None));

        Assert.All([badExternalId, badRole, badRegion], e => Assert.Equal(DeliveryErrorClass.TenantBlocked, e.ErrorClass));
        Assert.Contains(CustomerRole, badExternalId.Detail, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::22:role/x", badRole.Detail, StringComparison.Ordinal);
        Assert.Contains("mars", badRegion.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _proxy.Count("sts"));
    }

    [Fact]
    public async Task Central_account_id_comes_from_GetCallerIdentity_once()
    {
        var first = await _broker.GetCentralAccountIdAsync(CancellationToken.None);
        var second = await _broker.GetCentralAccountIdAsync(CancellationToken.None);

        Assert.Equal(CentralAccount, first);
        Assert.Equal(CentralAccount, second);
        Assert.Equal(1, _proxy.Count("sts", "GetCallerIdentity"));
        Assert.Equal(_broker.CentralSession!.AccessKey, _proxy.Requests.Single(r => r.Info.Operation == "GetCallerIdentity").Info.AccessKeyId);
    }

    private async Task<List<string>> QueueUrlsAsync(string account, string queueName)
    {
        using var sqs = TestAws.Sqs(moto.Endpoint, accountId: account);
        var listed = await sqs.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = queueName });
        return listed.QueueUrls ?? [];
    }
}
