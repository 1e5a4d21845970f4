using System.Buffers;

namespace LogGrains.Core.Batching;

/// <summary>
/// Sealed batches of one log stream — possibly from several objects — sent as one PutLogEvents request.
/// Small objects are common (the collector flushes often), so a stream with a backlog sends one request per
/// megabyte instead of one per object. The group keeps every limit of <see cref="BatchLimits"/> over its
/// batches together and writes their events merged in timestamp order; equal timestamps keep the order in
/// which the batches were added, then their own order.
/// </summary>
public sealed class BatchGroup : IDisposable
{
    private readonly BatchLimits _limits;
    private readonly List<PlannedBatch> _batches = [];
    private long _minTimestamp = long.MaxValue;
    private long _maxTimestamp = long.MinValue;

    /// <summary>Creates an empty group kept within <paramref name="limits"/>.</summary>
    public BatchGroup(BatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>The batches, in the order added.</summary>
    public IReadOnlyList<PlannedBatch> Batches => _batches;

    /// <summary>Events in the group.</summary>
    public int Count { get; private set; }

    /// <summary>Counted bytes in the group (message bytes + the per-event overhead).</summary>
    public long PayloadBytes { get; private set; }

    /// <summary>The oldest event time in the group (the first sent), Unix epoch milliseconds; undefined when empty.</summary>
    public long MinTimestamp => _minTimestamp;

    /// <summary>The newest event time in the group (the last sent), Unix epoch milliseconds; undefined when empty.</summary>
    public long MaxTimestamp => _maxTimestamp;

    /// <summary>Whether <paramref name="batch"/> can join without breaking a limit (an empty group takes any sealed batch).</summary>
    public bool CanAdd(PlannedBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_batches.Count == 0)
        {
            return true;
        }

        var min = Math.Min(_minTimestamp, batch.MinTimestamp);
        var max = Math.Max(_maxTimestamp, batch.MaxTimestamp);
        return Count + batch.Count <= _limits.MaxEventsPerBatch
            && PayloadBytes + batch.PayloadBytes <= _limits.MaxBatchBytes
            && TimeSpan.FromMilliseconds(max - min) <= _limits.MaxBatchSpan;
    }

    /// <summary>Adds a batch; the group owns it from now on and disposes it.</summary>
    /// <exception cref="InvalidOperationException">The batch would break a limit (<see cref="CanAdd"/> said no).</exception>
    public void Add(PlannedBatch batch)
    {
        if (!CanAdd(batch))
        {
            throw new InvalidOperationException(
                $"A batch of {batch.Count} events and {batch.PayloadBytes} bytes does not fit a group of {Count} events and {PayloadBytes} bytes.");
        }

        _batches.Add(batch);
        Count += batch.Count;
        PayloadBytes += batch.PayloadBytes;
        _minTimestamp = Math.Min(_minTimestamp, batch.MinTimestamp);
        _maxTimestamp = Math.Max(_maxTimestamp, batch.MaxTimestamp);
    }

    /// <summary>Writes the PutLogEvents request body for every event of the group, in timestamp order.</summary>
    public void WriteRequestBody(IBufferWriter<byte> output, string logGroupName, string logStreamName)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_batches.Count == 1)
        {
            _batches[0].WriteRequestBody(output, logGroupName, logStreamName);
            return;
        }

        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentException.ThrowIfNullOrEmpty(logStreamName);
        var body = PutLogEventsBody.Begin(output, logGroupName, logStreamName);
        Span<int> next = _batches.Count <= 64 ? stackalloc int[_batches.Count] : new int[_batches.Count];
        for (var written = 0; written < Count; written++)
        {
            var pick = NextInSendOrder(next);
            _batches[pick].WriteEvent(ref body, written == 0, next[pick]);
            next[pick]++;
        }

        PutLogEventsBody.End(ref body);
    }

    /// <summary>Calls <paramref name="visit"/> for every event of the group in send order (the order <see cref="WriteRequestBody"/> writes).</summary>
    /// <param name="visit">Receives each event's time and UTF-8 message; the message is valid only during the call.</param>
    public void VisitInSendOrder(SentEventVisitor visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        Span<int> next = _batches.Count <= 64 ? stackalloc int[_batches.Count] : new int[_batches.Count];
        for (var sent = 0; sent < Count; sent++)
        {
            var pick = NextInSendOrder(next);
            visit(_batches[pick].GetTimestamp(next[pick]), _batches[pick].GetMessage(next[pick]));
            next[pick]++;
        }
    }

    /// <summary>
    /// Splits the events CloudWatch rejected from this group's request among its batches (so among the objects
    /// that own them). The rejected events are a prefix of the events as sent (too old, expired) and a suffix (too
    /// new); the events were sent merged in timestamp order, so the same merge says which batch each came from.
    /// </summary>
    /// <param name="rejected">The counts the request's <c>rejectedLogEventsInfo</c> gave.</param>
    /// <returns>Per batch, in the order added, how many of its events were rejected.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More events were rejected than the group holds.</exception>
    public int[] RejectedPerBatch(RejectedEventCounts rejected)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rejected.Rejected, Count, nameof(rejected));
        var perBatch = new int[_batches.Count];
        if (rejected.Rejected == 0)
        {
            return perBatch;
        }

        var prefixEnd = rejected.TooOld + rejected.Expired;
        var suffixStart = Count - rejected.TooNew;
        Span<int> next = _batches.Count <= 64 ? stackalloc int[_batches.Count] : new int[_batches.Count];
        for (var sent = 0; sent < Count; sent++)
        {
            var pick = NextInSendOrder(next);
            if (sent < prefixEnd || sent >= suffixStart)
            {
                perBatch[pick]++;
            }

            next[pick]++;
        }

        return perBatch;
    }

    /// <summary>The batch whose next event goes out next: the earliest timestamp, the batch added first on a tie.</summary>
    private int NextInSendOrder(ReadOnlySpan<int> next)
    {
        var pick = -1;
        var best = long.MaxValue;
        for (var b = 0; b < _batches.Count; b++)
        {
            if (next[b] < _batches[b].Count && _batches[b].GetTimestamp(next[b]) < best)
            {
                best = _batches[b].GetTimestamp(next[b]);
                pick = b;
            }
        }

        return pick;
    }

    /// <summary>Disposes every batch and empties the group.</summary>
    public void Clear()
    {
        foreach (var batch in _batches)
        {
            batch.Dispose();
        }

        _batches.Clear();
        Count = 0;
        PayloadBytes = 0;
        _minTimestamp = long.MaxValue;
        _maxTimestamp = long.MinValue;
    }

    /// <inheritdoc />
    public void Dispose() => Clear();
}
