using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// moto does not enforce IAM, so these check it the other way round: every AWS request the silo and the CLI made in
/// the deployment (recorded by the fault proxy) is held against the policy the stacks deployed for the credentials
/// that signed it. A call the templates forgot to allow fails here instead of in production.
/// </summary>
[Collection(CloudFormationOnMoto.Name)]
public sealed class IamCoverageTests(DeployedLogGrains deployed)
{
    /// <summary>moto's default keys: the silo's own (IRSA) credentials in this deployment.</summary>
    private const string ClusterAccessKey = "testing";

    [Fact]
    public async Task Every_call_made_with_the_cluster_credentials_is_allowed_by_the_regional_silo_policy()
    {
        var policy = new IamPolicy("SiloPolicy", await new MotoIam(deployed.MotoEndpoint).ManagedPolicyAsync(deployed.Regional.Output("SiloPolicyArn")));
        var requests = deployed.Proxy.Requests.Where(r => r.Info.AccessKeyId == ClusterAccessKey).ToList();

        AssertAllowed(policy, requests, MotoServer.DefaultAccountId, mustInclude: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage", "dynamodb:Query", "dynamodb:UpdateItem", "s3:GetObject", "sts:AssumeRole"]);
    }

    [Fact]
    public async Task The_central_roles_only_calls_are_customer_role_hops_its_policy_allows()
    {
        var central = deployed.Global.Output("CentralRoleArn");
        var policy = new IamPolicy("CentralRole", await new MotoIam(deployed.MotoEndpoint).RolePolicyAsync(central, "assume-customer-log-distribution-roles"));
        var requests = deployed.Proxy.Requests.Where(r => r.Info.AccessKeyId != ClusterAccessKey && r.Info.Service == "sts").ToList();

        AssertAllowed(policy, requests, MotoServer.DefaultAccountId, mustInclude: ["sts:AssumeRole"]);
    }

    [Fact]
    public async Task Every_CloudWatch_Logs_call_is_made_with_and_allowed_by_the_customer_role()
    {
        var role = deployed.Customer.Output("LogDistributionRoleArn");
        var policy = new IamPolicy("LogDistributionRole", await new MotoIam(deployed.MotoEndpoint).RolePolicyAsync(role, "cloudwatch-logs-delivery"));
        var requests = deployed.Proxy.Requests.Where(r => r.Info.Service == "logs").ToList();

        Assert.DoesNotContain(requests, r => r.Info.AccessKeyId == ClusterAccessKey);
        AssertAllowed(policy, requests, DeployedLogGrains.CustomerAccount, mustInclude: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups"]);
    }

    [Fact]
    public void No_other_credentials_were_used()
    {
        var other = deployed.Proxy.Requests.Where(r => r.Info.AccessKeyId != ClusterAccessKey && r.Info.Service is not ("sts" or "logs")).ToList();

        Assert.True(other.Count == 0, string.Join("; ", other.Select(r => $"{r.Info.Service}:{r.Info.Operation}")));
    }

    private static void AssertAllowed(IamPolicy policy, IReadOnlyList<RecordedRequest> requests, string account, string[] mustInclude)
    {
        var needs = requests.SelectMany(r => IamRequest.Needs(r, account)).Distinct().ToList();
        var denied = needs.Where(n => !policy.Allows(n.Action, n.Resource)).Select(n => $"{n.Action} on {n.Resource}").ToList();

        Assert.True(denied.Count == 0, $"{policy.Name} does not allow: {string.Join("; ", denied)}");
        Assert.All(mustInclude, action => Assert.Contains(action, needs.Select(n => n.Action)));
    }
}
