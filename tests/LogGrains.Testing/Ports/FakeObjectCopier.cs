using System.Collections.Concurrent;
using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>S3 copies in memory: records each request.</summary>
public sealed class FakeObjectCopier : IObjectCopier
{
    private readonly ConcurrentQueue<ObjectCopyRequest> _copies = new();

    public IReadOnlyList<ObjectCopyRequest> Copies => [.. _copies];

    public Task CopyAsync(ObjectCopyRequest request, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _copies.Enqueue(request);
        return Task.CompletedTask;
    }
}
