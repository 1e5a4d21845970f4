namespace LogGrains.Testing.Faults;

/// <summary>One request that passed through the proxy.</summary>
/// <param name="Info">Service, operation, protocol and access key.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The request path and query.</param>
/// <param name="StatusCode">The status returned to the client (0 for a dropped connection).</param>
/// <param name="Fault">The name of the injected fault, or null when the request was forwarded untouched.</param>
/// <param name="Body">The request body (UTF-8 text for protocols that carry text).</param>
public sealed record RecordedRequest(AwsRequestInfo Info, string Method, string PathAndQuery, int StatusCode, string? Fault, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}
