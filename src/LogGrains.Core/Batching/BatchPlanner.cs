using System.Text.Unicode;
using LogGrains.Core.Events;

namespace LogGrains.Core.Batching;

/// <summary>
/// Plans the PutLogEvents batches of one object: takes the decoder's events in file order and hands out
/// batches that CloudWatch Logs accepts as a whole.
/// </summary>
/// <remarks>
/// <para>
/// Every event is first cut into pieces: an event whose message plus <see cref="BatchLimits.PerEventOverheadBytes"/>
/// exceeds <see cref="BatchLimits.MaxEventBytes"/> becomes consecutive pieces with the same timestamp, cut at UTF-8 code
/// point boundaries, whose concatenation is the original message. Each piece gets the next 0-based position.
/// Splitting depends only on the message bytes and on <see cref="BatchLimits.MaxEventBytes"/> and
/// <see cref="BatchLimits.PerEventOverheadBytes"/>, never on the planning time, so the same file planned with the same
/// limits always yields the same positions: this is what makes checkpoints exact.
/// </para>
/// <para>
/// Pieces whose position is below <c>resumeAfter</c> are skipped (already accepted). Pieces older than
/// <c>now - MaxEventAge</c> or newer than <c>now + MaxEventFuture</c> are not sent (a piece exactly at either bound is sent);
/// they are counted by reason and still consume their position.
/// </para>
/// <para>
/// Batches cover contiguous position ranges [<see cref="PlannedBatch.FirstPiece"/>, <see cref="PlannedBatch.EndPiece"/>);
/// the first starts at <c>resumeAfter</c>. The open batch is sealed <em>before</em> a piece that would break a limit:
/// counted bytes above <see cref="BatchLimits.MaxBatchBytes"/>, more than <see cref="BatchLimits.MaxEventsPerBatch"/>
/// events, or newest minus oldest timestamp above <see cref="BatchLimits.MaxBatchSpan"/> (a span exactly equal is allowed).
/// On sealing, events are put in ascending timestamp order; equal timestamps keep input order.
/// </para>
/// <para>
/// Checkpoints: once a batch is accepted, store its <see cref="PlannedBatch.EndPiece"/>. After <see cref="Complete"/>
/// and once every batch is accepted, the object's checkpoint is <see cref="PiecesSeen"/> (this covers a tail of pieces
/// that were all excluded). To resume, plan the whole object again with <c>resumeAfter</c> = the checkpoint and the same limits.
/// If <see cref="PiecesSeen"/> ends below <see cref="ResumeAfter"/>, the object or the limits changed since the checkpoint was stored.
/// </para>
/// <para>
/// Memory: the open batch (at most <see cref="BatchLimits.MaxBatchBytes"/> of messages) plus the sealed batches not yet
/// taken; drain with <see cref="TryTakeBatch"/> after each chunk of input. Not thread-safe.
/// </para>
/// </remarks>
public sealed class BatchPlanner : IValidUtf8EventSink, IDisposable
{
    private readonly BatchLimits _limits;
    private readonly long _resumeAfter;
    private readonly long _oldestMs;
    private readonly long _newestMs;
    private readonly long _maxSpanMs;
    private readonly int _maxPieceBytes;
    private readonly int _overheadBytes;
    private readonly int _maxBatchBytes;
    private readonly Queue<PlannedBatch> _sealed = new();
    private PlannedBatch? _open;
    private int _arenaHint;
    private int _eventsHint;
    private long _nextBatchStart;
    private bool _completed;
    private bool _disposed;

    private long _pieces;
    private long _eventsIn;
    private long _eventsSplit;
    private long _extraPieces;
    private long _tooOld;
    private long _tooNew;
    private long _skipped;
    private long _batches;
    private long _piecesPlanned;
    private long _bytesPlanned;

    /// <summary>Creates a planner for one object.</summary>
    /// <param name="limits">The limits to enforce; validated here.</param>
    /// <param name="now">The planning time that the age limits are measured from.</param>
    /// <param name="resumeAfter">The object's checkpoint: pieces at lower positions were accepted before and are skipped. 0 for a fresh object.</param>
    /// <exception cref="ArgumentException">A limit is invalid (the message names it) or <paramref name="resumeAfter"/> is negative.</exception>
    public BatchPlanner(BatchLimits limits, DateTimeOffset now, long resumeAfter = 0)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(resumeAfter);

        _limits = limits;
        _resumeAfter = resumeAfter;
        _nextBatchStart = resumeAfter;
        var nowMs = now.ToUnixTimeMilliseconds();
        _oldestMs = nowMs - (limits.MaxEventAge.Ticks / TimeSpan.TicksPerMillisecond);
        _newestMs = nowMs + (limits.MaxEventFuture.Ticks / TimeSpan.TicksPerMillisecond);

        // Timestamps are whole milliseconds, so "span > limit" is "span > whole milliseconds of the limit".
        _maxSpanMs = limits.MaxBatchSpan.Ticks / TimeSpan.TicksPerMillisecond;
        _maxPieceBytes = limits.MaxPieceMessageBytes;
        _overheadBytes = limits.PerEventOverheadBytes;
        _maxBatchBytes = limits.MaxBatchBytes;
    }

    /// <summary>The position of the next piece, i.e. the number of pieces seen so far, including skipped and excluded ones.</summary>
    public long PiecesSeen => _pieces;

    /// <summary>The checkpoint this planner resumed after.</summary>
    public long ResumeAfter => _resumeAfter;

    /// <summary>Whether <see cref="Complete"/> has been called.</summary>
    public bool IsCompleted => _completed;

    /// <summary>A snapshot of the counters.</summary>
    public PlannerStats Stats => new(
        _pieces, _eventsIn, _eventsSplit, _extraPieces, _tooOld, _tooNew, _skipped, _batches, _piecesPlanned, _bytesPlanned);

    /// <summary>Accepts the next event of the object, in file order.</summary>
    /// <param name="timestampMs">The event time, Unix epoch milliseconds.</param>
    /// <param name="messageUtf8">The message, valid UTF-8, not empty; copied before the call returns.</param>
    /// <exception cref="ArgumentException">The message is empty or not valid UTF-8; the planner is unchanged and may take further events.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Complete"/> was called.</exception>
    public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        ThrowIfCannotAdd(messageUtf8);
        if (!Utf8.IsValid(messageUtf8))
        {
            throw new ArgumentException(
                $"The message of event {_eventsIn} (piece position {_pieces}) is not valid UTF-8.", nameof(messageUtf8));
        }

        AddChecked(timestampMs, messageUtf8);
    }

    /// <inheritdoc/>
    void IValidUtf8EventSink.AddValidUtf8(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        ThrowIfCannotAdd(messageUtf8);
        AddChecked(timestampMs, messageUtf8);
    }

    private void ThrowIfCannotAdd(ReadOnlySpan<byte> messageUtf8)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The planner is complete; no more events can be added.");
        }

        if (messageUtf8.IsEmpty)
        {
            throw new ArgumentException(
                $"The message of event {_eventsIn} (piece position {_pieces}) is empty; CloudWatch requires at least one byte.",
                nameof(messageUtf8));
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The batch keeps the message escaped and writes it into the request body as it is; its limits count
    /// <paramref name="unescapedLength"/>, the bytes CloudWatch will hold. A message that would have to be split is refused
    /// (false): splitting works on the unescaped bytes.
    /// </remarks>
    bool IValidUtf8EventSink.TryAddValidEscapedUtf8(long timestampMs, ReadOnlySpan<byte> escapedUtf8, int unescapedLength)
    {
        ThrowIfCannotAdd(escapedUtf8);
        ArgumentOutOfRangeException.ThrowIfLessThan(unescapedLength, 1);
        if (unescapedLength > _maxPieceBytes)
        {
            return false;
        }

        _eventsIn++;
        Place(timestampMs, escapedUtf8, unescapedLength, escaped: true);
        return true;
    }

    private void AddChecked(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        _eventsIn++;
        var remaining = messageUtf8;
        var pieces = 0;
        while (!remaining.IsEmpty)
        {
            var length = Utf8Pieces.NextLength(remaining, _maxPieceBytes);
            Place(timestampMs, remaining[..length], length, escaped: false);
            pieces++;
            remaining = remaining[length..];
        }

        if (pieces > 1)
        {
            _eventsSplit++;
            _extraPieces += pieces - 1;
        }
    }

    // Gives the piece its position and puts it in the open batch, unless it is skipped or excluded.
    private void Place(long timestampMs, ReadOnlySpan<byte> stored, int messageBytes, bool escaped)
    {
        var position = _pieces++;
        if (position < _resumeAfter)
        {
            _skipped++;
        }
        else if (timestampMs < _oldestMs)
        {
            _tooOld++;
        }
        else if (timestampMs > _newestMs)
        {
            _tooNew++;
        }
        else
        {
            if (_open is not null && !_open.Fits(timestampMs, messageBytes, _overheadBytes, _maxBatchBytes, _maxSpanMs))
            {
                Seal(position);
            }

            _open ??= new PlannedBatch(_nextBatchStart, _limits, _arenaHint, _eventsHint);
            _open.Append(timestampMs, position, stored, messageBytes, escaped, _overheadBytes);
        }
    }

    /// <summary>Hands out the oldest sealed batch, if any. The caller owns it and must dispose it.</summary>
    /// <param name="batch">The batch, or <see langword="null"/> when none is sealed.</param>
    /// <returns>Whether a batch was handed out.</returns>
    public bool TryTakeBatch([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PlannedBatch? batch)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _sealed.TryDequeue(out batch);
    }

    /// <summary>Signals the end of the object: seals the open batch, if it holds any event. Calling it again does nothing.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_open is not null)
        {
            Seal(_pieces);
        }
    }

    /// <summary>Returns the buffers of the open batch and of sealed batches not yet taken. Taken batches stay the caller's.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _open?.Dispose();
        _open = null;
        while (_sealed.TryDequeue(out var batch))
        {
            batch.Dispose();
        }
    }

    private void Seal(long endPiece)
    {
        var batch = _open!;
        _open = null;
        batch.Seal(endPiece);
        _sealed.Enqueue(batch);
        _arenaHint = batch.ArenaUsed;
        _eventsHint = batch.Count;
        _nextBatchStart = endPiece;
        _batches++;
        _piecesPlanned += batch.Count;
        _bytesPlanned += batch.PayloadBytes;
    }
}
