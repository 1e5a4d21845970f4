using LogGrains.Core.Ports;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Credentials.StsTestSetup;

namespace LogGrains.Aws.Tests.Credentials;

[Collection(MotoTests.Collection)]
public sealed class CredentialCacheTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _proxy.TrustRole(CustomerRole, CentralAccount);
        _proxy.TrustRole(OtherCustomerRole, CentralAccount);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Hundred_sequential_calls_for_one_tenant_assume_two_roles_and_a_second_tenant_adds_one()
    {
        using var broker = Broker(_proxy);
        var seen = new HashSet<string>();
        for (var i = 0; i < 100; i++)
        {
            seen.Add((await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None)).AccessKeyId);
        }

        Assert.Single(seen);
        Assert.Equal(2, _proxy.Count("sts", "AssumeRole"));

        for (var i = 0; i < 100; i++)
        {
            await broker.GetCredentialsAsync("globex", OtherCustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        }

        Assert.Equal(3, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Fifty_concurrent_first_calls_share_one_central_and_one_customer_hop()
    {
        // The delay keeps the first hop open while the other callers arrive; the count, not the time, is asserted.
        _proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Delay(TimeSpan.FromMilliseconds(300))));
        using var broker = Broker(_proxy);
        using var start = new ManualResetEventSlim();

        var calls = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(calls);

        Assert.Single(results.Select(r => r.AccessKeyId).Distinct());
        Assert.Equal(2, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Keys_differ_by_role_external_id_and_region_so_each_gets_its_own_session()
    {
        using var broker = Broker(_proxy);
        var first = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        var otherRegion = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, "eu-west-1", CancellationToken.None);
        var otherRole = await broker.GetCredentialsAsync("acme", OtherCustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.Equal(3, new[] { first, otherRegion, otherRole }.Select(c => c.AccessKeyId).Distinct().Count());
        Assert.Equal(4, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Credentials_within_the_refresh_margin_of_expiry_are_assumed_again_with_the_central_session()
    {
        var clock = new ManualTimeProvider();
        using var broker = Broker(_proxy, clock);
        var first = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        Assert.InRange(first.Expiration - clock.GetUtcNow(), TimeSpan.FromMinutes(58), TimeSpan.FromMinutes(61));

        clock.Advance(first.Expiration - clock.GetUtcNow() - TimeSpan.FromMinutes(6));
        var stillCached = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        Assert.Equal(first.AccessKeyId, stillCached.AccessKeyId);
        Assert.Equal(2, _proxy.Count("sts", "AssumeRole"));

        clock.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.NotEqual(first.AccessKeyId, refreshed.AccessKeyId);
        Assert.Equal(4, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Forgotten_session_is_assumed_again_on_the_next_call_without_a_new_central_hop()
    {
        using var broker = Broker(_proxy);
        var first = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        broker.Forget("acme", CustomerRole, CentralAccount, MotoServer.Region);
        var second = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.NotEqual(first.AccessKeyId, second.AccessKeyId);
        Assert.Equal(3, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Failed_customer_hop_is_not_cached_and_the_next_call_assumes_the_role_again()
    {
        using var broker = Broker(_proxy);
        await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied), 1));

        var refused = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("globex", OtherCustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));
        var granted = await broker.GetCredentialsAsync("globex", OtherCustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.Equal(DeliveryErrorClass.TenantBlocked, refused.ErrorClass);
        Assert.Equal("globex", refused.Tenant);
        Assert.Contains(OtherCustomerRole, refused.Detail, StringComparison.Ordinal);
        Assert.NotNull(granted);
        Assert.Equal(4, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Central_role_refused_during_a_refresh_is_cluster_blocked_names_the_central_role_and_is_retried_next_call()
    {
        var clock = new ManualTimeProvider();
        using var broker = Broker(_proxy, clock);
        var first = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(58));
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied), 1));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));
        var refreshed = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.Equal(DeliveryErrorClass.ClusterBlocked, failed.ErrorClass);
        Assert.Equal("acme", failed.Tenant);
        Assert.Contains($"the central role {CentralRole} failed", failed.Detail, StringComparison.Ordinal);
        Assert.Contains(CustomerRole, failed.Detail, StringComparison.Ordinal);
        Assert.NotEqual(first.AccessKeyId, refreshed.AccessKeyId);
        Assert.Equal(5, _proxy.Count("sts", "AssumeRole"));
    }
}
