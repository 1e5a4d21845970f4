using System.Globalization;
using System.Xml.Linq;
using LogGrains.Testing.Aws;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// The CloudFormation calls the tests need (CreateStack, DescribeStacks, DescribeStackResources) over the signed
/// query protocol: the registry serves no CloudFormation SDK package. With an account id, moto serves that account.
/// </summary>
internal sealed class CloudFormationClient(Uri endpoint, string accountId) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly SignedAwsHttp _http = new(endpoint, "cloudformation", accountId: accountId);

    /// <summary>Creates a stack from a template and waits until it is complete; fails with the reason otherwise.</summary>
    public async Task<StackDeployment> DeployAsync(string stackName, string templateBody, IReadOnlyDictionary<string, string> parameters)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("StackName", stackName),
            new("TemplateBody", templateBody),
            new("Capabilities.member.1", "CAPABILITY_NAMED_IAM"),
        };
        var n = 0;
        foreach (var (key, value) in parameters)
        {
            n++;
            var prefix = "Parameters.member." + n.ToString(CultureInfo.InvariantCulture);
            form.Add(new(prefix + ".ParameterKey", key));
            form.Add(new(prefix + ".ParameterValue", value));
        }

        await CallAsync("CreateStack", form);
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var stack = Single(await CallAsync("DescribeStacks", [new("StackName", stackName)]), "Stacks");
            var status = Value(stack, "StackStatus");
            if (status == "CREATE_COMPLETE")
            {
                var outputs = Members(stack, "Outputs").ToDictionary(o => Value(o, "OutputKey"), o => Value(o, "OutputValue"), StringComparer.Ordinal);
                return new StackDeployment(stackName, accountId, new Dictionary<string, string>(parameters, StringComparer.Ordinal), outputs, await ResourcesAsync(stackName));
            }

            if (!status.EndsWith("_IN_PROGRESS", StringComparison.Ordinal) || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Stack {stackName} ended {status}: {stack.Elements().FirstOrDefault(e => e.Name.LocalName == "StackStatusReason")?.Value}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyDictionary<string, StackResource>> ResourcesAsync(string stackName)
    {
        var result = await CallAsync("DescribeStackResources", [new("StackName", stackName)]);
        return Members(result, "StackResources")
            .Where(r => r.Elements().Any(e => e.Name.LocalName == "LogicalResourceId"))
            .Select(r => new StackResource(Value(r, "LogicalResourceId"), Value(r, "PhysicalResourceId"), Value(r, "ResourceType")))
            .ToDictionary(r => r.LogicalId, StringComparer.Ordinal);
    }

    private async Task<XElement> CallAsync(string action, List<KeyValuePair<string, string>> parameters)
    {
        parameters.Insert(0, new("Action", action));
        parameters.Insert(1, new("Version", "2010-05-15"));
        var (status, body) = await _http.PostQueryAsync(parameters);
        if (status != 200)
        {
            throw new InvalidOperationException($"CloudFormation {action} failed with HTTP {status}: {body}");
        }

        return XDocument.Parse(body).Root!.Elements().First(e => e.Name.LocalName == action + "Result");
    }

    private static XElement Single(XElement parent, string list) =>
        Members(parent, list).Single();

    private static IEnumerable<XElement> Members(XElement parent, string list) =>
        parent.Elements().Where(e => e.Name.LocalName == list).Elements().Where(e => e.Name.LocalName == "member");

    private static string Value(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value
        ?? throw new InvalidOperationException($"CloudFormation answer has no <{name}>: {parent}");
}
