using System.Collections.Concurrent;
using Amazon.Runtime;

namespace LogGrains.Aws.Tests.S3;

/// <summary>Real HTTP clients that remember the headers of every request they send (the fault proxy records no headers).</summary>
internal sealed class HeaderRecordingHttpClientFactory : HttpClientFactory
{
    public ConcurrentQueue<(string Method, string Path, Dictionary<string, string> Headers)> Sent { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new Recorder(this) { InnerHandler = new SocketsHttpHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class Recorder(HeaderRecordingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
            owner.Sent.Enqueue((request.Method.Method, request.RequestUri?.AbsolutePath ?? "", headers));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
