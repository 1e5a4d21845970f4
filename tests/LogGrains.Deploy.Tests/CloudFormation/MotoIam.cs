using System.Text.Json;
using System.Xml.Linq;
using LogGrains.Testing.Aws;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>Reads roles and policies back from moto's IAM (query protocol: the registry serves no IAM SDK package), in the account of each ARN.</summary>
internal sealed class MotoIam(Uri endpoint)
{
    /// <summary>A role's trust policy as moto's IAM stored it from a stack.</summary>
    public async Task<JsonElement> TrustPolicyAsync(string roleArn) =>
        ParseDocument(await IamAsync(roleArn.Split(':')[4], ("Action", "GetRole"), ("RoleName", roleArn[(roleArn.LastIndexOf('/') + 1)..])), "AssumeRolePolicyDocument");

    /// <summary>The default version of a managed policy as moto's IAM stored it from a stack.</summary>
    public async Task<JsonElement> ManagedPolicyAsync(string policyArn)
    {
        var account = policyArn.Split(':')[4];
        var policy = await IamAsync(account, ("Action", "GetPolicy"), ("PolicyArn", policyArn));
        var version = policy.Descendants().First(e => e.Name.LocalName == "DefaultVersionId").Value;
        var document = await IamAsync(account, ("Action", "GetPolicyVersion"), ("PolicyArn", policyArn), ("VersionId", version));
        return ParseDocument(document, "Document");
    }

    /// <summary>An inline policy of a role as moto's IAM stored it from a stack.</summary>
    public async Task<JsonElement> RolePolicyAsync(string roleArn, string policyName)
    {
        var document = await IamAsync(roleArn.Split(':')[4], ("Action", "GetRolePolicy"), ("RoleName", roleArn[(roleArn.LastIndexOf('/') + 1)..]), ("PolicyName", policyName));
        return ParseDocument(document, "PolicyDocument");
    }

    /// <summary>The names of a role's inline policies, sorted.</summary>
    public async Task<IReadOnlyList<string>> RolePolicyNamesAsync(string roleArn)
    {
        var response = await IamAsync(roleArn.Split(':')[4], ("Action", "ListRolePolicies"), ("RoleName", roleArn[(roleArn.LastIndexOf('/') + 1)..]));
        return [.. response.Descendants().Where(e => e.Name.LocalName == "PolicyNames").Elements().Select(e => e.Value).Order(StringComparer.Ordinal)];
    }

    private async Task<XDocument> IamAsync(string account, params (string Name, string Value)[] parameters)
    {
        using var iam = new SignedAwsHttp(endpoint, "iam", accountId: account);
        var (status, body) = await iam.PostQueryAsync([new("Version", "2010-05-08"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))]);
        Assert.True(status == 200, $"IAM {parameters[0].Value} failed with HTTP {status}: {body}");
        return XDocument.Parse(body);
    }

    private static JsonElement ParseDocument(XDocument response, string element)
    {
        var text = response.Descendants().First(e => e.Name.LocalName == element).Value;
        if (!text.TrimStart().StartsWith('{'))
        {
            text = Uri.UnescapeDataString(text);
        }

        if (text.StartsWith("{'", StringComparison.Ordinal))
        {
            // moto answers GetRolePolicy for a CloudFormation inline policy with the Python repr of the document
            // ({'Version': ...}). Policy strings here hold no quotes, so swapping the quote character is exact.
            Assert.DoesNotContain('"', text);
            text = text.Replace('\'', '"');
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
