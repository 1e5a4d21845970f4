using System.Xml.Linq;
using Amazon.Runtime;

namespace LogGrains.Testing.Aws;

/// <summary>
/// The three SNS calls tests need to build S3 → SNS → SQS, over the signed query protocol
/// (there is no SNS package in our registry).
/// </summary>
public sealed class SnsQueryClient(Uri endpoint, AWSCredentials? credentials = null) : IDisposable
{
    private readonly SignedAwsHttp _http = new(endpoint, "sns", credentials);

    /// <summary>Creates (or returns the existing) topic and returns its ARN.</summary>
    public async Task<string> CreateTopicAsync(string name) =>
        Single(await CallAsync("CreateTopic", ("Name", name)).ConfigureAwait(false), "TopicArn");

    /// <summary>Subscribes an endpoint (for SQS: the queue ARN) and returns the subscription ARN.</summary>
    public async Task<string> SubscribeAsync(string topicArn, string protocol, string endpointArn) =>
        Single(
            await CallAsync("Subscribe", ("TopicArn", topicArn), ("Protocol", protocol), ("Endpoint", endpointArn)).ConfigureAwait(false),
            "SubscriptionArn");

    /// <summary>Sets one subscription attribute, for example <c>RawMessageDelivery</c>.</summary>
    public async Task SetSubscriptionAttributesAsync(string subscriptionArn, string name, string value) =>
        await CallAsync(
            "SetSubscriptionAttributes",
            ("SubscriptionArn", subscriptionArn),
            ("AttributeName", name),
            ("AttributeValue", value)).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<XDocument> CallAsync(string action, params (string Name, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", action), new("Version", "2010-03-31") };
        form.AddRange(parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        var (status, body) = await _http.PostQueryAsync(form).ConfigureAwait(false);
        if (status != 200)
        {
            throw new InvalidOperationException($"SNS {action} failed with HTTP {status}: {body}");
        }

        return XDocument.Parse(body);
    }

    private static string Single(XDocument document, string element) =>
        document.Descendants().FirstOrDefault(e => e.Name.LocalName == element)?.Value
        ?? throw new InvalidOperationException($"SNS response has no <{element}>: {document}");
}
