using System.Collections.Concurrent;

namespace LogGrains.Cli;

/// <summary>The counters of one replay, updated concurrently by the lister and the deliveries.</summary>
internal sealed class ReplaySummary
{
    private long _pages;
    private long _listed;
    private long _matched;
    private long _outsideWindow;
    private long _rejected;
    private long _delivered;
    private long _filtered;
    private long _duplicates;
    private long _failed;
    private long _events;
    private long _bytes;

    public long Pages => Interlocked.Read(ref _pages);

    /// <summary>Objects the listing returned under the prefix.</summary>
    public long Listed => Interlocked.Read(ref _listed);

    /// <summary>Listed objects inside the <c>--since</c>/<c>--until</c> window.</summary>
    public long Matched => Interlocked.Read(ref _matched);

    /// <summary>Listed objects outside the window.</summary>
    public long OutsideWindow => Interlocked.Read(ref _outsideWindow);

    /// <summary>Matched objects whose key does not fit the key layout: never delivered.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Objects no enabled delivery of their tenant wants (desired_logs, disabled).</summary>
    public long Filtered => Interlocked.Read(ref _filtered);

    /// <summary>Objects every stream had already completed: nothing was sent again.</summary>
    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Events accepted by the destinations during this replay.</summary>
    public long Events => Interlocked.Read(ref _events);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Objects handed to the cluster (or, in a dry run, that would be).</summary>
    public long ToDeliver => Matched - Rejected;

    /// <summary>Objects whose delivery has ended, whatever the result.</summary>
    public long Done => Delivered + Filtered + Duplicates + Failed;

    public ConcurrentQueue<(string Key, string Reason)> Rejections { get; } = new();

    public ConcurrentQueue<(string Key, string Reason)> Failures { get; } = new();

    /// <summary>Objects to deliver per tenant (a dry run's breakdown).</summary>
    public ConcurrentDictionary<string, long> PerTenant { get; } = new(StringComparer.Ordinal);

    public void Page() => Interlocked.Increment(ref _pages);

    public void Listing(bool inWindow)
    {
        Interlocked.Increment(ref _listed);
        if (inWindow)
        {
            Interlocked.Increment(ref _matched);
        }
        else
        {
            Interlocked.Increment(ref _outsideWindow);
        }
    }

    public void Reject(string key, string reason)
    {
        Interlocked.Increment(ref _rejected);
        Rejections.Enqueue((key, reason));
    }

    public void Queue(string tenant) => PerTenant.AddOrUpdate(tenant, 1, (_, n) => n + 1);

    public void Deliver(long events, long bytes)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _delivered);
    }

    public void Filter() => Interlocked.Increment(ref _filtered);

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void Fail(string key, string reason, long events, long bytes)
    {
        Interlocked.Add(ref _events, events);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _failed);
        Failures.Enqueue((key, reason));
    }
}
