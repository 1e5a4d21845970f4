using System.Collections.Concurrent;
using LogGrains.Core.Objects;
using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>The staging bucket in memory: objects by key; an unknown key is NoSuchKey (poison). Records every open.</summary>
public sealed class FakeObjectReader : IObjectReader
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _opened = new();

    public IReadOnlyList<string> Opened => [.. _opened];

    /// <summary>Stores (or replaces) an object's bytes.</summary>
    public void Put(string key, byte[] content) => _objects[key] = content;

    public Task<ObjectReadHandle> OpenReadAsync(string tenant, ObjectRef obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        _opened.Enqueue(obj.Key);
        if (!_objects.TryGetValue(obj.Key, out var content))
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, "s3:GetObject", tenant, obj.Key, "NoSuchKey (fake)");
        }

        return Task.FromResult(new ObjectReadHandle(new MemoryStream(content, writable: false), content.Length, obj.ETag));
    }
}
