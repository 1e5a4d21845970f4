using LogGrains.Core.Ports;

namespace LogGrains.Aws.Credentials;

/// <summary>
/// Credentials per key, reused until <c>margin</c> before expiry. At most one refresh per key is in flight:
/// concurrent callers await the same task. A failed refresh is not cached, so the next call tries again.
/// </summary>
/// <remarks>
/// The refresh runs without any caller's cancellation token, so one caller giving up never fails the others;
/// each caller stops waiting on its own token.
/// </remarks>
internal sealed class SingleFlightCredentialCache<TKey>(TimeProvider timeProvider, TimeSpan margin)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, Entry> _entries = [];

    public Task<TenantCredentials> GetAsync(TKey key, Func<TKey, Task<TenantCredentials>> refresh, CancellationToken cancellationToken)
    {
        TaskCompletionSource<TenantCredentials>? started = null;
        Task<TenantCredentials> pending;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                _entries.Add(key, entry);
            }

            if (entry.Current is { } current && !current.ExpiresWithin(margin, timeProvider.GetUtcNow()))
            {
                return Task.FromResult(current);
            }

            if (entry.Pending is null)
            {
                started = new TaskCompletionSource<TenantCredentials>(TaskCreationOptions.RunContinuationsAsynchronously);
                entry.Pending = started.Task;
            }

            pending = entry.Pending;
        }

        if (started is not null)
        {
            _ = RefreshAsync(key, refresh, started);
        }

        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>Drops the cached credentials of a key (not a refresh in flight), so the next call refreshes.</summary>
    public void Invalidate(TKey key)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                entry.Current = null;
            }
        }
    }

    private async Task RefreshAsync(TKey key, Func<TKey, Task<TenantCredentials>> refresh, TaskCompletionSource<TenantCredentials> completion)
    {
        TenantCredentials? fresh = null;
        Exception? failure = null;
        try
        {
            fresh = await refresh(key).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every failure is handed to the waiting callers.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        lock (_gate)
        {
            var entry = _entries[key];
            entry.Pending = null;
            if (fresh is not null)
            {
                entry.Current = fresh;
            }
        }

        if (fresh is not null)
        {
            completion.SetResult(fresh);
        }
        else
        {
            completion.SetException(failure!);
        }
    }

    private sealed class Entry
    {
        public TenantCredentials? Current { get; set; }

        public Task<TenantCredentials>? Pending { get; set; }
    }
}
