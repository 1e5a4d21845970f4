using System.Buffers;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Batching;

/// <summary>
/// One PutLogEvents batch planned by <see cref="BatchPlanner"/>: the events of the contiguous piece
/// positions [<see cref="FirstPiece"/>, <see cref="EndPiece"/>) that are to be sent, in send order
/// (ascending timestamp, equal timestamps in input order).
/// </summary>
/// <remarks>
/// The messages live in one pooled buffer; <see cref="Dispose"/> returns it, after which the batch is unusable.
/// Pieces of the range that were not sent (too old, too new) are counted in <see cref="BatchPlanner.Stats"/>, not here.
/// </remarks>
public sealed class PlannedBatch : IDisposable
{
    private const int InitialArenaBytes = 16 * 1024;
    private const int InitialEventCapacity = 64;

    private readonly int _maxArenaBytes;
    private readonly int _maxEvents;
    private readonly int _initialArenaBytes;
    private readonly int _initialEvents;
    private byte[] _arena = [];
    private PlannedEvent[] _events = [];
    private byte[] _unescaped = [];
    private int _arenaUsed;
    private bool _arrivedInOrder = true;
    private bool _sealed;
    private bool _disposed;

    /// <param name="firstPiece">The position of the first piece.</param>
    /// <param name="limits">The planner's limits.</param>
    /// <param name="arenaHint">Message bytes of the object's previous batch, if any.</param>
    /// <param name="eventsHint">Events of the object's previous batch, if any.</param>
    /// <remarks>The buffers start at the previous batch's sizes, so that a long object's batches do not grow them from
    /// small again (every doubling copied everything so far).</remarks>
    internal PlannedBatch(long firstPiece, BatchLimits limits, int arenaHint = 0, int eventsHint = 0)
    {
        FirstPiece = firstPiece;
        EndPiece = firstPiece;
        _maxArenaBytes = limits.MaxBatchBytes - limits.PerEventOverheadBytes;
        _maxEvents = limits.MaxEventsPerBatch;
        _initialArenaBytes = Math.Max(InitialArenaBytes, arenaHint);
        _initialEvents = Math.Max(InitialEventCapacity, eventsHint);
        MinTimestamp = long.MaxValue;
        MaxTimestamp = long.MinValue;
    }

    /// <summary>The position of the first piece this batch covers.</summary>
    public long FirstPiece { get; }

    /// <summary>
    /// The position after the last piece this batch covers. Once CloudWatch has accepted this batch,
    /// this is the object's checkpoint (the <c>resumeAfter</c> of a later <see cref="BatchPlanner"/>).
    /// </summary>
    public long EndPiece { get; private set; }

    /// <summary>The number of events to send; at least 1 for a batch handed out by the planner.</summary>
    public int Count { get; private set; }

    /// <summary>The bytes CloudWatch counts for this batch: the sum of message bytes plus the per-event overhead for each event.</summary>
    public int PayloadBytes { get; private set; }

    /// <summary>The oldest event time, Unix epoch milliseconds.</summary>
    public long MinTimestamp { get; private set; }

    /// <summary>The newest event time, Unix epoch milliseconds.</summary>
    public long MaxTimestamp { get; private set; }

    /// <summary>The time of the event at <paramref name="index"/> in send order, Unix epoch milliseconds.</summary>
    /// <param name="index">0-based index in send order, below <see cref="Count"/>.</param>
    /// <returns>The event time.</returns>
    public long GetTimestamp(int index) => EventAt(index).TimestampMs;

    /// <summary>The UTF-8 message of the event at <paramref name="index"/> in send order.</summary>
    /// <remarks>
    /// Valid until the next call of this method or the batch is disposed: a message that the decoder handed over
    /// still escaped (see <see cref="WriteRequestBody"/>) is unescaped into a buffer of the batch that the next call reuses.
    /// </remarks>
    /// <param name="index">0-based index in send order, below <see cref="Count"/>.</param>
    /// <returns>The message bytes, never empty.</returns>
    public ReadOnlySpan<byte> GetMessage(int index)
    {
        var planned = EventAt(index);
        if (!planned.Escaped)
        {
            return new ReadOnlySpan<byte>(_arena, planned.Offset, planned.Length);
        }

        var written = JsonUnescaper.UnescapeMeasured(new ReadOnlySpan<byte>(_arena, planned.Offset, planned.Length + 1), ref _unescaped);
        return new ReadOnlySpan<byte>(_unescaped, 0, written);
    }

    /// <summary>
    /// Writes the PutLogEvents JSON request body
    /// (<c>{"logGroupName":…,"logStreamName":…,"logEvents":[{"timestamp":…,"message":…},…]}</c>) as UTF-8.
    /// </summary>
    /// <remarks>
    /// Messages are escaped only as JSON requires, so after JSON decoding CloudWatch holds exactly the planned bytes. A
    /// message that the decoder handed over still escaped, as it was in the file, is written as it is: it decodes to the
    /// same bytes, and is neither unescaped nor escaped again.
    /// </remarks>
    /// <param name="output">Receives the body.</param>
    /// <param name="logGroupName">The log group name.</param>
    /// <param name="logStreamName">The log stream name.</param>
    public void WriteRequestBody(IBufferWriter<byte> output, string logGroupName, string logStreamName)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentException.ThrowIfNullOrEmpty(logStreamName);
        ThrowIfUnreadable();

        var body = PutLogEventsBody.Begin(output, logGroupName, logStreamName);
        for (var index = 0; index < Count; index++)
        {
            WriteEvent(ref body, index == 0, index);
        }

        PutLogEventsBody.End(ref body);
    }

    /// <summary>Writes the event at <paramref name="index"/> in send order into a request body.</summary>
    internal void WriteEvent(ref JsonBodyWriter body, bool first, int index)
    {
        var planned = _events[index];
        PutLogEventsBody.WriteEvent(ref body, first, planned.TimestampMs, new ReadOnlySpan<byte>(_arena, planned.Offset, planned.Length), planned.Escaped);
    }

    /// <summary>Returns the pooled buffers. The batch cannot be read afterwards.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_arena.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_arena);
        }

        if (_events.Length > 0)
        {
            ArrayPool<PlannedEvent>.Shared.Return(_events);
        }

        if (_unescaped.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_unescaped);
        }

        _arena = [];
        _events = [];
        _unescaped = [];
    }

    /// <summary>Message bytes held.</summary>
    internal int ArenaUsed => _arenaUsed;

    /// <summary>The piece position of the event at <paramref name="index"/> in send order.</summary>
    internal long GetPiecePosition(int index) => EventAt(index).Position;

    /// <summary>Whether one more event of <paramref name="messageBytes"/> at <paramref name="timestampMs"/> keeps every limit.</summary>
    internal bool Fits(long timestampMs, int messageBytes, int overheadBytes, int maxBatchBytes, long maxSpanMs)
    {
        if (Count >= _maxEvents)
        {
            return false;
        }

        if ((long)PayloadBytes + messageBytes + overheadBytes > maxBatchBytes)
        {
            return false;
        }

        return Count == 0 || Math.Max(MaxTimestamp, timestampMs) - Math.Min(MinTimestamp, timestampMs) <= maxSpanMs;
    }

    /// <summary>Copies one piece in; the caller has checked <see cref="Fits"/>.</summary>
    /// <param name="timestampMs">The event time.</param>
    /// <param name="position">The piece position.</param>
    /// <param name="stored">The message, or for an <paramref name="escaped"/> one its JSON string content followed by the closing quote.</param>
    /// <param name="messageBytes">The message's UTF-8 length as CloudWatch counts it (unescaped).</param>
    /// <param name="escaped">Whether <paramref name="stored"/> is escaped.</param>
    /// <param name="overheadBytes">The per-event overhead.</param>
    internal void Append(long timestampMs, long position, ReadOnlySpan<byte> stored, int messageBytes, bool escaped, int overheadBytes)
    {
        if (_arenaUsed + stored.Length > _arena.Length)
        {
            // An escaped message can take more arena than it counts: the cap gives way to what is needed.
            _arena = Grow(_arena, _arenaUsed, _arenaUsed + stored.Length, _initialArenaBytes, _maxArenaBytes);
        }

        if (Count == _events.Length)
        {
            _events = Grow(_events, Count, Count + 1, _initialEvents, _maxEvents);
        }

        stored.CopyTo(_arena.AsSpan(_arenaUsed));
        if (Count > 0 && timestampMs < _events[Count - 1].TimestampMs)
        {
            _arrivedInOrder = false;
        }

        _events[Count] = new PlannedEvent(timestampMs, position, _arenaUsed, escaped ? stored.Length - 1 : stored.Length, escaped);
        _arenaUsed += stored.Length;
        Count++;
        PayloadBytes += messageBytes + overheadBytes;
        MinTimestamp = Math.Min(MinTimestamp, timestampMs);
        MaxTimestamp = Math.Max(MaxTimestamp, timestampMs);
    }

    /// <summary>Closes the batch at <paramref name="endPiece"/> and puts the events in send order.</summary>
    internal void Seal(long endPiece)
    {
        EndPiece = endPiece;
        if (!_arrivedInOrder)
        {
            _events.AsSpan(0, Count).Sort(default(PlannedEventOrder));
        }

        _sealed = true;
    }

    private PlannedEvent EventAt(int index)
    {
        ThrowIfUnreadable();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _events[index];
    }

    private void ThrowIfUnreadable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_sealed)
        {
            throw new InvalidOperationException("The batch is still being planned; take it from BatchPlanner.TryTakeBatch.");
        }
    }

    private static T[] Grow<T>(T[] current, int used, int needed, int initial, int cap)
    {
        var size = Math.Max(needed, current.Length == 0 ? Math.Min(initial, cap) : (int)Math.Min((long)current.Length * 2, cap));
        var grown = ArrayPool<T>.Shared.Rent(size);
        if (current.Length > 0)
        {
            current.AsSpan(0, used).CopyTo(grown);
            ArrayPool<T>.Shared.Return(current);
        }

        return grown;
    }
}
