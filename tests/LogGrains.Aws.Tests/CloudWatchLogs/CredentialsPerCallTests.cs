using Amazon.SecurityToken.Model;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class CredentialsPerCallTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;
    private CloudWatchLogsClient _client = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _client = TestClients.Through(_proxy.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Calls_with_two_tenants_credentials_write_into_each_tenants_own_account()
    {
        var first = await AssumeAsync("111111111111");
        var second = await AssumeAsync("222222222222");
        var firstTarget = TestClients.Target(first);
        var secondTarget = TestClients.Target(second);
        var firstGroup = TestClients.GroupName("tenant-a");
        var secondGroup = TestClients.GroupName("tenant-b");

        await _client.CreateLogGroupAsync(firstTarget, firstGroup, CancellationToken.None);
        await _client.CreateLogGroupAsync(secondTarget, secondGroup, CancellationToken.None);

        Assert.True(await _client.LogGroupExistsAsync(firstTarget, firstGroup, CancellationToken.None));
        Assert.False(await _client.LogGroupExistsAsync(firstTarget, secondGroup, CancellationToken.None));
        Assert.True(await _client.LogGroupExistsAsync(secondTarget, secondGroup, CancellationToken.None));
        Assert.False(await _client.LogGroupExistsAsync(secondTarget, firstGroup, CancellationToken.None));
        Assert.False(await _client.LogGroupExistsAsync(TestClients.Target(), firstGroup, CancellationToken.None));
        using var asFirst = new SignedAwsHttp(moto.Endpoint, "logs", first);
        var (_, firstAccountGroups) = await asFirst.PostJsonAsync("Logs_20140328.DescribeLogGroups", """{"logGroupNamePrefix":"/loggrains/tenant-"}""");
        Assert.Contains(firstGroup, firstAccountGroups, StringComparison.Ordinal);
        Assert.DoesNotContain(secondGroup, firstAccountGroups, StringComparison.Ordinal);
        Assert.Contains(":111111111111:", firstAccountGroups, StringComparison.Ordinal);

        var keys = _proxy.RequestsTo("logs").Select(r => r.Info.AccessKeyId).ToList();
        Assert.Equal(7, keys.Count);
        Assert.Equal([first.AccessKeyId, second.AccessKeyId, first.AccessKeyId, first.AccessKeyId, second.AccessKeyId, second.AccessKeyId, "testing"], keys);
        _proxy.AssertNoLimitViolations();
    }

    private async Task<Amazon.SecurityToken.Model.Credentials> AssumeAsync(string account)
    {
        using var sts = TestAws.Sts(moto.Endpoint);
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = $"arn:aws:iam::{account}:role/customer-log-writer",
            RoleSessionName = "loggrains-test",
        });
        return response.Credentials;
    }
}
