using System.Net.Http.Headers;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace LogGrains.Testing.Aws;

/// <summary>
/// Raw SigV4-signed HTTP calls for services the test suite has no SDK package for (SNS) or wants to
/// call byte for byte (CloudWatch Logs JSON bodies).
/// </summary>
public sealed class SignedAwsHttp : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;

    /// <summary>
    /// Creates a client that signs for <paramref name="service"/> in the moto region; with
    /// <paramref name="accountId"/>, moto serves that account's data (<c>x-moto-account-id</c>).
    /// </summary>
    public SignedAwsHttp(Uri endpoint, string service, AWSCredentials? credentials = null, string? accountId = null)
    {
        _endpoint = endpoint;
        _http = new HttpClient(new SigV4SigningHandler(
            credentials ?? TestAws.DefaultCredentials,
            RegionEndpoint.GetBySystemName(Moto.MotoServer.Region),
            service,
            new SocketsHttpHandler()));
        if (accountId is not null)
        {
            _http.DefaultRequestHeaders.TryAddWithoutValidation("x-moto-account-id", accountId);
        }
    }

    /// <summary>Posts a JSON 1.1 request with <c>X-Amz-Target</c>; returns status and body text.</summary>
    public async Task<(int Status, string Body)> PostJsonAsync(string target, string json, string contentType = "application/x-amz-json-1.1")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>Posts a form-encoded query-protocol request; returns status and body text.</summary>
    public async Task<(int Status, string Body)> PostQueryAsync(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new FormUrlEncodedContent(parameters),
        };
        using var response = await _http.SendAsync(request).ConfigureAwait(false);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
