using System.Globalization;
using System.Text.RegularExpressions;
using LogGrains.Testing.Aws;

namespace LogGrains.Deploy.Tests.CloudFormation;

[Collection(CloudFormationOnMoto.Name)]
public sealed class StackResourcesTests(DeployedLogGrains deployed)
{
    /// <summary>Resource types moto's CloudFormation does not implement: it skips them and completes the stack.</summary>
    private static readonly string[] NotCreatedByMoto = ["NotificationTopicPolicy", "StagingBucketPolicy", "WorkQueuePolicy"];

    [Fact]
    public void Moto_creates_every_regional_resource_except_the_three_resource_policies()
    {
        // Pinned so that the end-to-end test's claim stays true: it runs on everything the template declares but
        // these policies (which moto would not enforce anyway). A resource moto starts or stops creating shows here.
        var missing = CfnTemplate.Load("regional").UnconditionalResources().Where(id => !deployed.Regional.Resources.ContainsKey(id));

        Assert.Equal(NotCreatedByMoto, missing.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_staging_bucket_expires_objects_after_the_templates_retention_and_announces_only_gz_objects()
    {
        using var s3 = TestAws.S3(deployed.MotoEndpoint);
        var bucket = deployed.Regional.Output("BucketName");

        var lifecycle = await s3.GetLifecycleConfigurationAsync(bucket);
        var rule = Assert.Single(lifecycle.Configuration.Rules);
        Assert.Equal(int.Parse(CfnTemplate.Load("regional").Default("StagingRetentionDays")!, CultureInfo.InvariantCulture), rule.Expiration.Days);
        Assert.Equal(7, rule.Expiration.Days);
        var notification = await s3.GetBucketNotificationAsync(bucket);
        var topic = Assert.Single(notification.TopicConfigurations);
        Assert.Equal(deployed.Regional.Output("TopicArn"), topic.Topic);
        Assert.Equal(".gz", Assert.Single(topic.Filter.S3KeyFilter.FilterRules, r => r.Name.Equals("suffix", StringComparison.OrdinalIgnoreCase)).Value);
    }

    [Fact]
    public async Task The_cluster_stacks_silo_role_may_assume_the_central_role_and_trusts_only_the_silo_service_account()
    {
        var role = deployed.Cluster.Output("SiloRoleArn");
        var pattern = CfnTemplate.Load("global").Default("SiloRoleNamePattern")!;

        Assert.Matches(Glob(pattern), role[(role.LastIndexOf('/') + 1)..]);
        await AssertTrustsOnlyAsync(role, "system:serviceaccount:loggrains:loggrains-silo");
    }

    [Fact]
    public async Task The_cluster_stacks_collector_role_trusts_only_Vectors_service_account_and_may_assume_the_writer_role()
    {
        var role = deployed.Cluster.Output("CollectorRoleArn");

        await AssertTrustsOnlyAsync(role, "system:serviceaccount:loggrains-collector:vector");
        await AssertMayAssumeWriterRoleAsync(role);
    }

    [Fact]
    public async Task A_collector_only_cluster_in_the_customers_account_has_no_silo_role_and_may_assume_the_writer_role()
    {
        var cluster = deployed.CollectorOnlyCluster;

        Assert.Equal("none", cluster.Output("SiloRoleArn"));
        Assert.DoesNotContain("SiloRole", cluster.Resources.Keys);
        Assert.DoesNotContain("CollectorDirectWritePolicy", cluster.Resources.Keys);
        await AssertMayAssumeWriterRoleAsync(cluster.Output("CollectorRoleArn"));
    }

    private async Task AssertMayAssumeWriterRoleAsync(string collectorRole)
    {
        var pattern = CfnTemplate.Load("regional").Default("CollectorRoleNamePattern")!;
        Assert.Matches(Glob(pattern), collectorRole[(collectorRole.LastIndexOf('/') + 1)..]);
        var policy = new IamPolicy("assume-collector-writer", await new MotoIam(deployed.MotoEndpoint).RolePolicyAsync(collectorRole, "assume-collector-writer"));
        Assert.True(policy.Allows("sts:AssumeRole", deployed.Regional.Output("CollectorWriterRoleArn")), $"{collectorRole} may not assume the collector writer role");
    }

    private static string Glob(string pattern) =>
        "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";

    private async Task AssertTrustsOnlyAsync(string roleArn, string subject)
    {
        var policy = await new MotoIam(deployed.MotoEndpoint).TrustPolicyAsync(roleArn);
        var statement = Assert.Single(policy.GetProperty("Statement").EnumerateArray());
        Assert.Equal("sts:AssumeRoleWithWebIdentity", statement.GetProperty("Action").GetString());
        Assert.Equal(DeployedLogGrains.OidcProviderArn, statement.GetProperty("Principal").GetProperty("Federated").GetString());
        var issuer = DeployedLogGrains.OidcProviderArn[(DeployedLogGrains.OidcProviderArn.IndexOf("oidc-provider/", StringComparison.Ordinal) + "oidc-provider/".Length)..];
        var conditions = statement.GetProperty("Condition").GetProperty("StringEquals").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString(), StringComparer.Ordinal);
        Assert.Equal(
            new Dictionary<string, string?>(StringComparer.Ordinal) { [issuer + ":sub"] = subject, [issuer + ":aud"] = "sts.amazonaws.com" },
            conditions);
    }
}
