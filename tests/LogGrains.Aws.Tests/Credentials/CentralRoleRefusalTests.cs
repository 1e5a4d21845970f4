using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Credentials.StsTestSetup;

namespace LogGrains.Aws.Tests.Credentials;

/// <summary>
/// STS refusing our own central role is our misconfiguration, not a passing fault: visible at once (class, log line,
/// counter, a problem for readiness), and gone as soon as the role works again. moto trusts every role, so the fault
/// proxy answers the central hop with the refusal.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class CentralRoleRefusalTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _proxy.TrustRole(CustomerRole, CentralAccount);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Central_role_AccessDenied_is_cluster_blocked_counted_logged_once_with_the_setting_and_clears_when_the_role_works_again()
    {
        var logger = new RecordingLogger<StsCredentialBroker>();
        using var meters = new TestMeterFactory();
        using var broker = Broker(_proxy, logger: logger, maxErrorRetry: 0, meterFactory: meters);
        var denied = _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied), 2));

        Assert.Null(broker.CentralRoleProblem());
        var first = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));
        var second = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));
        var problem = broker.CentralRoleProblem();

        Assert.All(new[] { first, second }, failed =>
        {
            Assert.Equal(DeliveryErrorClass.ClusterBlocked, failed.ErrorClass);
            Assert.Equal("acme", failed.Tenant);
            Assert.Contains(CentralRole, failed.Detail, StringComparison.Ordinal);
            Assert.Contains("AccessDenied", failed.Detail, StringComparison.Ordinal);
            Assert.Contains("LogGrains__Delivery__CentralRoleArn", failed.Detail, StringComparison.Ordinal);
        });
        Assert.Equal(2, denied.Fired);
        Assert.NotNull(problem);
        Assert.StartsWith($"central role {CentralRole} refused AssumeRole: AccessDenied", problem, StringComparison.Ordinal);
        Assert.Contains("LogGrains__Delivery__CentralRoleArn", problem, StringComparison.Ordinal);
        var refusals = meters.Measurements.Where(m => m.Instrument == "loggrains.central_role.refusals").ToList();
        Assert.Equal(2, refusals.Sum(m => m.Value));
        Assert.All(refusals, m => Assert.Equal("code=AccessDenied", m.Tags));
        var refusedLines = logger.Lines.Where(l => l.Contains("refused the central role", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(refusedLines);
        Assert.StartsWith("Error", line, StringComparison.Ordinal);
        Assert.Contains("Check LogGrains__Delivery__CentralRoleArn", line, StringComparison.Ordinal);

        // The role is fixed: the next call assumes both roles, and the problem is gone.
        var credentials = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.NotNull(credentials);
        Assert.Null(broker.CentralRoleProblem());
        Assert.Single(logger.Lines, l => l.Contains("works again", StringComparison.Ordinal));
        Assert.Equal(2, meters.Measurements.Where(m => m.Instrument == "loggrains.central_role.refusals").Sum(m => m.Value));
        Assert.DoesNotContain(logger.Lines, l => l.Contains(credentials.SecretAccessKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readiness_question_tries_a_refused_central_role_again_so_a_silo_with_nothing_to_deliver_notices_the_fix()
    {
        var clock = new ManualTimeProvider();
        using var broker = Broker(_proxy, clock, maxErrorRetry: 0);
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.AccessDenied), 1));
        await Assert.ThrowsAsync<DeliveryException>(() => broker.GetCentralAccountIdAsync(CancellationToken.None));
        var attempts = _proxy.Count("sts", "AssumeRole");

        // Asked again before the recheck interval: the answer stands and STS is not asked.
        Assert.NotNull(broker.CentralRoleProblem());
        Assert.Equal(attempts, _proxy.Count("sts", "AssumeRole"));

        clock.Advance(StsCredentialBroker.CentralRecheckInterval);
        Assert.NotNull(broker.CentralRoleProblem());
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (broker.CentralRoleProblem() is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Null(broker.CentralRoleProblem());
        Assert.Equal(attempts + 1, _proxy.Count("sts", "AssumeRole"));
    }

    [Theory]
    [InlineData("AccessDenied", 403, DeliveryErrorClass.ClusterBlocked)]
    [InlineData("ServiceUnavailable", 503, DeliveryErrorClass.Transient)]
    [InlineData("Throttling", 400, DeliveryErrorClass.Transient)]
    [InlineData("ExpiredToken", 400, DeliveryErrorClass.Transient)]
    public async Task Central_hop_errors_are_classified_by_code_and_only_refusals_make_a_readiness_problem(string code, int status, DeliveryErrorClass expected)
    {
        using var broker = Broker(_proxy, maxErrorRetry: 0);
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(new AwsError(code, status, "refused by the test")), 1));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));

        Assert.Equal(expected, failed.ErrorClass);
        Assert.Contains($"the central role {CentralRole} failed", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(expected == DeliveryErrorClass.ClusterBlocked, broker.CentralRoleProblem() is not null);
    }
}
