using Amazon.Runtime;
using LogGrains.Aws.Credentials;
using LogGrains.Core.Ports;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Logging;

namespace LogGrains.Aws.Tests.Credentials;

/// <summary>The accounts and roles of the double hop, and brokers pointed at the fault proxy.</summary>
internal static class StsTestSetup
{
    public const string CentralAccount = MotoServer.DefaultAccountId;
    public const string CustomerAccount = "222222222222";
    public const string OtherAccount = "111111111111";
    public const string CentralRole = "arn:aws:iam::123456789012:role/loggrains-central";
    public const string CustomerRole = "arn:aws:iam::222222222222:role/customer-log-writer";
    public const string OtherCustomerRole = "arn:aws:iam::111111111111:role/customer-log-writer";

    /// <summary>moto maps the access key "testing" to its default account and ignores the secret, which lets tests look for it.</summary>
    public const string BaseSecret = "base-secret-never-logged";

    public static StsCredentialBroker Broker(
        AwsFaultProxy proxy,
        TimeProvider? timeProvider = null,
        ILogger<StsCredentialBroker>? logger = null,
        int maxErrorRetry = 3,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null) =>
        new(
            new StsCredentialBrokerOptions
            {
                CentralRoleArn = CentralRole,
                Region = MotoServer.Region,
                ServiceUrl = proxy.Endpoint,
                MaxErrorRetry = maxErrorRetry,
            },
            new BasicAWSCredentials("testing", BaseSecret),
            logger,
            timeProvider,
            meterFactory);

    public static AWSCredentials AsAws(this TenantCredentials credentials) =>
        new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
}
