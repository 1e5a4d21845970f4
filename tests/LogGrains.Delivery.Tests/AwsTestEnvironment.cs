using System.Runtime.CompilerServices;

namespace LogGrains.Delivery.Tests;

internal static class AwsTestEnvironment
{
    /// <summary>
    /// The adapters take the cluster's own credentials from the SDK default chain, as on Kubernetes;
    /// here that chain finds moto's test keys (account 123456789012).
    /// </summary>
    [ModuleInitializer]
    internal static void UseMotoCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }
}
