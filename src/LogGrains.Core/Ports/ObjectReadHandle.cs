namespace LogGrains.Core.Ports;

/// <summary>
/// An open streaming read of a staged object. Dispose it to release the connection.
/// </summary>
public sealed class ObjectReadHandle : IAsyncDisposable
{
    private readonly IAsyncDisposable? _owner;

    /// <summary>Creates a handle.</summary>
    /// <param name="content">The object's bytes as stored (still compressed), readable once, front to back.</param>
    /// <param name="size">The object's size in bytes as reported by the store.</param>
    /// <param name="eTag">The ETag of the version being read, without quotes.</param>
    /// <param name="owner">Whatever else must be released with the stream (e.g. the SDK response), or null.</param>
    public ObjectReadHandle(Stream content, long size, string eTag, IAsyncDisposable? owner = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Content = content;
        Size = size;
        ETag = eTag ?? "";
        _owner = owner;
    }

    /// <summary>The object's bytes as stored; not seekable in general.</summary>
    public Stream Content { get; }

    /// <summary>The object's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The ETag of the version being read, without quotes.</summary>
    public string ETag { get; }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        if (_owner is not null)
        {
            await _owner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
