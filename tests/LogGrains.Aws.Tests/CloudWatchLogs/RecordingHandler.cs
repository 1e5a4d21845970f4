using System.Collections.Concurrent;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

/// <summary>Sits between the signing handler and the socket handler and records what goes on the wire.</summary>
internal sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { AllowAutoRedirect = false })
{
    private readonly ConcurrentQueue<(Uri Uri, string? Authorization)> _sent = new();

    public IReadOnlyCollection<(Uri Uri, string? Authorization)> Sent => _sent;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null;
        _sent.Enqueue((request.RequestUri!, authorization));
        return base.SendAsync(request, cancellationToken);
    }
}
