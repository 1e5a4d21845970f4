namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// The customer stack with an S3 delivery, as deployed on moto: the copy is a server-side CopyObject signed with the
/// customer's role, so that role reads its own tenant's staged objects and writes below the delivery prefix, no more.
/// </summary>
[Collection(CloudFormationOnMoto.Name)]
public sealed class CustomerS3DeliveryTests(DeployedLogGrains deployed)
{
    [Theory]
    [InlineData("s3:GetObject", "arn:aws:s3:::{staging}/globex/prod-eu-1/web/web-0/1.json.gz", true)]
    [InlineData("s3:GetObject", "arn:aws:s3:::{staging}/acme/prod-eu-1/web/web-0/1.json.gz", false)]
    [InlineData("s3:PutObject", "arn:aws:s3:::globex-log-archive/kubernetes/globex/web/web-0/1.json.gz", true)]
    [InlineData("s3:PutObjectAcl", "arn:aws:s3:::globex-log-archive/kubernetes/globex/web/web-0/1.json.gz", true)]
    [InlineData("s3:PutObject", "arn:aws:s3:::globex-log-archive/elsewhere/1.json.gz", false)]
    [InlineData("s3:DeleteObject", "arn:aws:s3:::globex-log-archive/kubernetes/globex/web/web-0/1.json.gz", false)]
    [InlineData("kms:Decrypt", "*", true)]
    public async Task The_s3_delivery_policy_reads_only_the_tenants_staged_objects_and_writes_only_below_the_prefix(string action, string resource, bool allowed)
    {
        var role = deployed.S3Customer.Output("LogDistributionRoleArn");
        var policy = new IamPolicy("s3-delivery", await new MotoIam(deployed.MotoEndpoint).RolePolicyAsync(role, "s3-delivery"));

        Assert.Equal(allowed, policy.Allows(action, resource.Replace("{staging}", deployed.Regional.Output("BucketName"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_a_delivery_bucket_the_role_has_no_s3_policy()
    {
        var role = deployed.Customer.Output("LogDistributionRoleArn");

        Assert.Equal(["cloudwatch-logs-delivery"], await new MotoIam(deployed.MotoEndpoint).RolePolicyNamesAsync(role));
        Assert.Equal(["cloudwatch-logs-delivery", "s3-delivery"], await new MotoIam(deployed.MotoEndpoint).RolePolicyNamesAsync(deployed.S3Customer.Output("LogDistributionRoleArn")));
    }
}
