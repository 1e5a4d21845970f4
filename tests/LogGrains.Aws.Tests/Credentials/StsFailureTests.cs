using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Credentials.StsTestSetup;

namespace LogGrains.Aws.Tests.Credentials;

[Collection(MotoTests.Collection)]
public sealed class StsFailureTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _proxy.TrustRole(CustomerRole, CentralAccount);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Throttled_AssumeRole_is_retried_by_the_SDK_and_succeeds()
    {
        using var broker = Broker(_proxy);
        var throttle = _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.StsThrottling), 2));

        var credentials = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.NotNull(credentials);
        Assert.Equal(2, throttle.Fired);
        Assert.Equal(4, _proxy.Count("sts", "AssumeRole"));
    }

    [Fact]
    public async Task Customer_hop_failing_with_500s_after_retries_is_transient_and_names_the_customer_role()
    {
        using var broker = Broker(_proxy, maxErrorRetry: 1);
        await broker.GetCentralAccountIdAsync(CancellationToken.None);
        _proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Fail(AwsError.InternalError)));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, failed.ErrorClass);
        Assert.Equal("sts:AssumeRole", failed.Operation);
        Assert.Equal("acme", failed.Tenant);
        Assert.Contains(CustomerRole, failed.Detail, StringComparison.Ordinal);
        Assert.Contains("InternalFailure", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _proxy.Count("sts", "AssumeRole"));
    }

    [Theory]
    [InlineData("AccessDenied", 403, DeliveryErrorClass.TenantBlocked)]
    [InlineData("RegionDisabledException", 403, DeliveryErrorClass.TenantBlocked)]
    [InlineData("MalformedPolicyDocument", 400, DeliveryErrorClass.TenantBlocked)]
    [InlineData("ValidationError", 400, DeliveryErrorClass.InvalidRequest)]
    [InlineData("ServiceUnavailable", 503, DeliveryErrorClass.Transient)]
    [InlineData("Throttling", 400, DeliveryErrorClass.Transient)]
    public async Task Customer_hop_errors_are_classified_by_code(string code, int status, DeliveryErrorClass expected)
    {
        using var broker = Broker(_proxy, maxErrorRetry: 0);
        await broker.GetCentralAccountIdAsync(CancellationToken.None);
        _proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Fail(new AwsError(code, status, "refused by the test"))));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, "eu-central-1", CancellationToken.None));

        Assert.Equal(expected, failed.ErrorClass);
        Assert.Contains(CustomerRole, failed.Detail, StringComparison.Ordinal);
        Assert.Contains(code, failed.Detail, StringComparison.Ordinal);
        Assert.Contains("eu-central-1", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_hop_timing_out_is_transient()
    {
        using var broker = new StsCredentialBroker(
            new StsCredentialBrokerOptions
            {
                CentralRoleArn = CentralRole,
                Region = MotoServer.Region,
                ServiceUrl = _proxy.Endpoint,
                MaxErrorRetry = 0,
                RequestTimeout = TimeSpan.FromSeconds(1),
            },
            new Amazon.Runtime.BasicAWSCredentials("testing", BaseSecret));
        await broker.GetCentralAccountIdAsync(CancellationToken.None);
        _proxy.Inject(FaultRule.Always("sts", "AssumeRole", new FaultAction.Delay(TimeSpan.FromSeconds(20))));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));

        Assert.Equal(DeliveryErrorClass.Transient, failed.ErrorClass);
        Assert.Contains(CustomerRole, failed.Detail, StringComparison.Ordinal);
    }
}
