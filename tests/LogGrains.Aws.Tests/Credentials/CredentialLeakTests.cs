using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using static LogGrains.Aws.Tests.Credentials.StsTestSetup;

namespace LogGrains.Aws.Tests.Credentials;

[Collection(MotoTests.Collection)]
public sealed class CredentialLeakTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _proxy.TrustRole(CustomerRole, CentralAccount);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Secrets_and_session_tokens_never_appear_in_logs_or_exception_messages()
    {
        var logger = new RecordingLogger<StsCredentialBroker>();
        using var broker = Broker(_proxy, logger: logger, maxErrorRetry: 0);
        var granted = await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        await broker.GetCentralAccountIdAsync(CancellationToken.None);
        var central = broker.CentralSession!;
        var failures = new List<DeliveryException>
        {
            await Assert.ThrowsAsync<DeliveryException>(() =>
                broker.GetCredentialsAsync("acme-wrong-id", CustomerRole, "someone-else", MotoServer.Region, CancellationToken.None)),
        };
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(AwsError.InternalError), 1));
        failures.Add(await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("globex", CustomerRole, CentralAccount, "eu-west-1", CancellationToken.None)));
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(new AwsError("ExpiredToken", 400, "The security token included in the request is expired")), 1));
        failures.Add(await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("initech", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None)));

        var text = string.Join("\n", logger.Lines.Concat(failures.Select(f => f.ToString())).Append(granted.ToString()));
        Assert.NotEmpty(logger.Lines);
        Assert.Contains(CustomerRole, text, StringComparison.Ordinal);
        foreach (var secret in new[] { granted.SecretAccessKey, granted.SessionToken, central.SecretKey, central.Token, BaseSecret })
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Central_session_refused_on_the_customer_hop_is_transient_and_the_central_role_is_assumed_again()
    {
        using var broker = Broker(_proxy, maxErrorRetry: 0);
        await broker.GetCredentialsAsync("acme", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);
        var refusedSession = broker.CentralSession!.AccessKey;
        _proxy.Inject(FaultRule.FirstN("sts", "AssumeRole", new FaultAction.Fail(new AwsError("ExpiredToken", 400, "The security token included in the request is expired")), 1));

        var failed = await Assert.ThrowsAsync<DeliveryException>(() =>
            broker.GetCredentialsAsync("globex", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None));
        await broker.GetCredentialsAsync("globex", CustomerRole, CentralAccount, MotoServer.Region, CancellationToken.None);

        Assert.Equal(DeliveryErrorClass.Transient, failed.ErrorClass);
        Assert.Contains(CentralRole, failed.Detail, StringComparison.Ordinal);
        Assert.Equal(5, _proxy.Count("sts", "AssumeRole"));
        var centralHops = _proxy.Requests.Count(r => r.Info.Operation == "AssumeRole" && r.Info.AccessKeyId == "testing");
        Assert.Equal(2, centralHops);
        Assert.NotEqual(refusedSession, broker.CentralSession!.AccessKey);
        Assert.Equal(broker.CentralSession.AccessKey, _proxy.Requests.Last(r => r.Info.Operation == "AssumeRole").Info.AccessKeyId);
    }
}
