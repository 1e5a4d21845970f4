using System.Collections.ObjectModel;
using System.Text;
using LogGrains.Abstractions;
using LogGrains.Core.Batching;
using LogGrains.Core.Content;
using LogGrains.Core.Decoding;
using LogGrains.Core.Ports;
using LogGrains.Core.Retry;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;
using LogGrains.Grains.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace LogGrains.Grains;

/// <summary>
/// One CloudWatch Logs stream of one tenant. Objects for the stream queue up here; a single pump reads and
/// decodes them as streams, plans their batches and sends them — several small objects together in one
/// PutLogEvents when they fit — with exactly one request in flight. After every accepted request the
/// checkpoint of each object in it moves in the <see cref="ICheckpointStore"/> (one small record per object,
/// kept for the staging retention), so a redelivered object resumes after its last accepted batch and a
/// completed one is recognised as a duplicate: only the request in flight at the instant of a crash can be
/// sent twice — and even that one is recorded before it is sent (<see cref="InFlightRequest"/>), so the stream's next
/// activation reads the stream back and sends it again only if CloudWatch does not hold it. The tenant's credentials
/// come from this silo's <see cref="ICredentialBroker"/>: the tenant grain sends only a <see cref="CredentialReference"/>,
/// so no secret crosses between silos.
/// </summary>
/// <remarks>
/// <para>
/// Reentrant so that objects arriving while a request is in flight join the queue (and the next request)
/// instead of waiting for a turn each; the pump alone touches the destination and the checkpoints.
/// </para>
/// <para>
/// The grain's own state holds only whether the group and stream exist: it stays a few bytes however many
/// objects the stream delivers. A checkpoint that could not be stored is kept in memory and stored before
/// anything else is sent; until it is, the objects it covers are not acknowledged.
/// </para>
/// </remarks>
[Reentrant]
public sealed partial class LogStreamGrain(
    [PersistentState("stream", "loggrains")] IPersistentState<LogStreamState> state,
    IObjectReader reader,
    ILogDestination destination,
    ICredentialBroker broker,
    ICheckpointStore checkpoints,
    IUsageLedger usage,
    LogGrainsMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider time,
    ILogger<LogStreamGrain> logger) : Grain, ILogStreamGrain
{
    private const int MaxObjectsPerRound = 64;

    /// <summary>
    /// How many objects of a round are being opened while the current one is decoded: a busy stream's throughput
    /// is otherwise one S3 round trip per object, whatever the CPU could do.
    /// </summary>
    private const int ReadAhead = 4;

    /// <summary>Completed checkpoints remembered in memory, so a burst of duplicates costs no read.</summary>
    private const int MaxCompletedRemembered = 1024;

    /// <summary>How many events a readback reads at most: the request's own and the stream's others in its time range.</summary>
    private const int MaxReadbackEvents = 50_000;

    private const string ReadbackPresent = "present";
    private const string ReadbackAbsent = "absent";
    private const string ReadbackDenied = "denied";
    private const string ReadbackFailed = "failed";

    private static readonly IReadOnlyDictionary<string, ObjectCheckpoint> NoneKnown = ReadOnlyDictionary<string, ObjectCheckpoint>.Empty;

    private readonly DeliveryOptions _options = options.Value;

    // The three collections below exist from the first object, checkpoint or completed checkpoint on: most stream grains
    // of a silo are idle, and each empty collection costs 40-80 bytes in every one of them (docs/PERFORMANCE.md,
    // "100,000 stream grains").
    private Queue<PendingObject>? _queue;

    /// <summary>The checkpoints this activation knows, read from the store or recorded by its own rounds.</summary>
    private Dictionary<string, ObjectCheckpoint>? _known;

    /// <summary>The keys of completed checkpoints in <see cref="_known"/>, oldest first, forgotten beyond <see cref="MaxCompletedRemembered"/>.</summary>
    private Queue<string>? _completedOrder;

    /// <summary>
    /// Checkpoints recorded but not stored yet; null when there are none, which is most of an idle stream's life: an
    /// emptied dictionary keeps its arrays, about 230 bytes per idle stream grain (docs/PERFORMANCE.md, "100,000 stream grains").
    /// </summary>
    private Dictionary<string, ObjectCheckpoint>? _unsaved;
    private Task _pump = Task.CompletedTask;
    private bool _inFlightRead;

    /// <summary>When the previous object reached this activation; null before the first.</summary>
    private DateTimeOffset? _lastArrival;

    /// <summary>
    /// The request recorded in flight whose outcome this activation does not know: read from the store at activation, or
    /// a request of this activation whose put ended without an answer that proves it refused (a timeout, a 5xx).
    /// </summary>
    private InFlightRequest? _unconfirmed;
    private LogStreamKey _key = null!;
    private LogTarget _target = null!;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _key = LogStreamKey.Parse(this.GetPrimaryKeyString());
        _target = new LogTarget(_key.Tenant, _key.Region, _key.LogGroupName, _key.LogStreamName);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ObjectProgress?> GetProgress(string objectKey)
    {
        var checkpoint = Known(objectKey)
            ?? (await checkpoints.GetAsync(_target, [objectKey], CancellationToken.None)).GetValueOrDefault(objectKey);
        return checkpoint is null ? null : new ObjectProgress(checkpoint.EndPiece, checkpoint.Complete, checkpoint.UpdatedAt);
    }

    /// <inheritdoc />
    public Task<StreamOutcome> Deliver(StreamDelivery delivery)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var pending = new PendingObject(delivery);
        (_queue ??= new()).Enqueue(pending);
        var now = time.GetUtcNow();
        var linger = _options.LingerAfter(_lastArrival, now);
        _lastArrival = now;
        if (_pump.IsCompleted)
        {
            _pump = PumpAsync(linger);
        }

        return pending.Outcome;
    }

    /// <summary>Delivers the queued objects round by round until the queue is empty.</summary>
    /// <param name="linger">
    /// How long to wait first for more objects of this stream: <see cref="DeliveryOptions.StreamLinger"/> when the
    /// previous object came within <see cref="DeliveryOptions.BusyStreamWindow"/>, so a busy stream gathers its objects into shared requests;
    /// <see cref="DeliveryOptions.IdleStreamLinger"/> otherwise, so an object for an idle stream (the usual case: one
    /// pod's file every few minutes) goes out almost at once while objects announced together still share a request.
    /// Objects that arrive while a round is being delivered join the next round in any case.
    /// </param>
    private async Task PumpAsync(TimeSpan linger)
    {
        if (linger > TimeSpan.Zero)
        {
            await Task.Delay(linger, time);
        }

        while (_queue is { Count: > 0 } queue)
        {
            var round = new List<PendingObject>();
            while (queue.Count > 0 && round.Count < MaxObjectsPerRound)
            {
                round.Add(queue.Dequeue());
            }

            try
            {
                await DeliverRoundAsync(round);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogRoundFailed(logger, _key.Tenant, _key.LogStreamName, e.Message);
                foreach (var pending in round)
                {
                    pending.Finish(DeliveryStatus.Transient, $"delivery to stream '{_key.LogStreamName}' of tenant '{_key.Tenant}' failed unexpectedly: {e.Message}");
                }
            }
        }
    }

    private async Task DeliverRoundAsync(List<PendingObject> round)
    {
        try
        {
            await SaveCheckpointsAsync();
            await ResolveInFlightAsync(round);
            await LoadCheckpointsAsync(round);
        }
        catch (RoundFailedException e)
        {
            Fail(round, e.Failure);
            return;
        }

        var work = new List<PendingObject>();
        foreach (var pending in round)
        {
            if (Known(pending.Key) is { Complete: true })
            {
                pending.Finish(DeliveryStatus.Duplicate, $"object '{pending.Key}' was already delivered to stream '{_key.LogStreamName}'");
            }
            else if (work.Find(w => w.Key == pending.Key) is { } leader)
            {
                _ = FollowAsync(leader, pending);
            }
            else
            {
                work.Add(pending);
            }
        }

        if (work.Count == 0)
        {
            return;
        }

        var target = _target;
        TenantCredentials credentials;
        try
        {
            credentials = await GetCredentialsAsync(work[^1].Delivery.Credentials);
        }
        catch (DeliveryException e)
        {
            Fail(work, e);
            return;
        }

        using var group = new BatchGroup(_options.Limits);
        var owners = new List<(PendingObject Owner, long EndPiece)>();
        var opening = new Queue<Task<ObjectReadHandle>>();
        try
        {
            for (var i = 0; i < work.Count; i++)
            {
                while (opening.Count <= ReadAhead && i + opening.Count < work.Count)
                {
                    opening.Enqueue(reader.OpenReadAsync(_key.Tenant, work[i + opening.Count].Delivery.Staged.ToObjectRef(), CancellationToken.None));
                }

                await PlanObjectAsync(work[i], opening.Dequeue(), group, owners, target, credentials);
            }

            await FlushAsync(group, owners, target, credentials);

            // Objects whose last pieces needed no request (all excluded, or all accepted before) complete here; each is
            // counted before its checkpoint is stored, so a crash between the two counts it again under the same id.
            var now = time.GetUtcNow();
            var finished = work.Where(p => !p.IsFinished && p.PiecesSeen is not null && Known(p.Key) is not { Complete: true }).ToList();
            await RecordUsageAsync([.. finished.Select(p => ObjectUsage(p.Key, UsageKey.DayOf(now), p))]);
            foreach (var pending in finished)
            {
                Record(new ObjectCheckpoint(pending.Key, pending.PiecesSeen!.Value, Complete: true, now));
            }

            await SaveCheckpointsAsync();
        }
        catch (RoundFailedException e)
        {
            if (DeliveryStatuses.From(e.Failure.ErrorClass) == DeliveryStatus.TenantBlocked)
            {
                state.State.TargetEnsured = false;
            }

            Fail(work, e.Failure);
            return;
        }
        finally
        {
            while (opening.TryDequeue(out var unread))
            {
                _ = CloseUnreadAsync(unread);
            }
        }

        foreach (var pending in work)
        {
            LogDelivered(logger, _key.Tenant, pending.Key, _key.LogStreamName, pending.Events);
            pending.Finish(DeliveryStatus.Delivered, string.Empty);
        }
    }

    /// <summary>
    /// The tenant's credentials from this silo's broker, which caches them per silo until shortly before expiry with one
    /// refresh in flight; a failure keeps its class (tenant-blocked, transient, invalid request). The newest request of
    /// the round names the role: if the tenant's configuration changed meanwhile, the new one wins.
    /// </summary>
    private Task<TenantCredentials> GetCredentialsAsync(CredentialReference role) =>
        broker.GetCredentialsAsync(role.Tenant, role.RoleArn, role.ExternalId, role.Region, CancellationToken.None);

    private static async Task FollowAsync(PendingObject leader, PendingObject follower)
    {
        var outcome = await leader.Outcome;
        follower.Finish(
            outcome.Status == DeliveryStatus.Delivered ? DeliveryStatus.Duplicate : outcome.Status,
            outcome.Status == DeliveryStatus.Delivered ? $"object '{follower.Key}' was delivered by an earlier notification" : outcome.Reason);
    }

    private async Task EnsureTargetAsync(LogTarget target, TenantCredentials credentials)
    {
        if (state.State.TargetEnsured)
        {
            return;
        }

        try
        {
            await destination.EnsureAsync(target, credentials, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            throw new RoundFailedException(e);
        }

        state.State.TargetEnsured = true;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only saves the ensure calls of a later activation: delivery goes on without it.
            LogStateNotSaved(logger, _key.Tenant, _key.LogStreamName, e.Message);
        }
    }

    /// <summary>Reads one object and adds its batches to the group, sending the group whenever the next batch does not fit.</summary>
    private async Task PlanObjectAsync(PendingObject pending, Task<ObjectReadHandle> opening, BatchGroup group, List<(PendingObject, long)> owners, LogTarget target, TenantCredentials credentials)
    {
        var staged = pending.Delivery.Staged;
        var resumeAfter = Known(pending.Key)?.EndPiece ?? 0;
        try
        {
            await using var handle = await opening;
            await using var file = new VectorFileReader(handle.Content, staged.EventTime, _options.Decode);
            using var planner = new BatchPlanner(_options.Limits, time.GetUtcNow(), resumeAfter);
            using var filter = ContentFilterFor(pending, planner);
            while (await file.ReadAsync(filter is null ? planner : filter))
            {
                await TakeBatchesAsync(planner, pending, group, owners, target, credentials);
            }

            planner.Complete();
            await TakeBatchesAsync(planner, pending, group, owners, target, credentials);
            pending.Excluded = planner.Stats.TooOld + planner.Stats.TooNew;
            CountContent(pending, filter);
            if (planner.PiecesSeen < resumeAfter)
            {
                pending.Finish(DeliveryStatus.Poison, $"object '{pending.Key}' of tenant '{_key.Tenant}' has {planner.PiecesSeen} pieces but its checkpoint is {resumeAfter}: it changed since it was first delivered");
                return;
            }

            pending.PiecesSeen = planner.PiecesSeen;
        }
        catch (VectorDecodeException e)
        {
            LogPoison(logger, _key.Tenant, pending.Key, e.Reason.ToString(), e.Message);
            pending.Finish(DeliveryStatus.Poison, $"object '{pending.Key}' of tenant '{_key.Tenant}' cannot be decoded ({e.Reason}): {e.Message}");
        }
        catch (DeliveryException e)
        {
            pending.Finish(DeliveryStatuses.From(e.ErrorClass), e.Message);
        }
    }

    // The delivery's content rules sit between the decoder and the planner. The tenant grain sent only rules that
    // compiled there; compiling here is a cache hit (same spec, same instance) and cannot fail for another reason.
    private ContentFilterSink? ContentFilterFor(PendingObject pending, BatchPlanner planner)
    {
        if (pending.Delivery.Content is not { } content)
        {
            return null;
        }

        if (!ContentRules.TryCompile(content.ToSpec(), out var rules, out var reasons))
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, "content-rules", _key.Tenant, pending.Key, $"the content rules are invalid: {string.Join("; ", reasons)}");
        }

        return new ContentFilterSink(rules, planner);
    }

    // Counts of the last planning: a resumed object is planned whole again, so these are the object's, not the call's.
    private static void CountContent(PendingObject pending, ContentFilterSink? filter)
    {
        if (filter is null)
        {
            return;
        }

        pending.ContentKept = filter.Counts.Kept;
        pending.ContentExcluded = filter.Counts.Excluded;
        pending.ContentRedacted = filter.Counts.Redacted;
        pending.ContentMatches = filter.Counts.MatchesByRule();
    }

    private async Task TakeBatchesAsync(BatchPlanner planner, PendingObject pending, BatchGroup group, List<(PendingObject, long)> owners, LogTarget target, TenantCredentials credentials)
    {
        while (planner.TryTakeBatch(out var batch))
        {
            if (!group.CanAdd(batch))
            {
                await FlushAsync(group, owners, target, credentials);
            }

            group.Add(batch);
            owners.Add((pending, batch.EndPiece));
        }
    }

    /// <summary>
    /// Sends the group as one request; once accepted, moves every owner's checkpoint and saves them together.
    /// The group and stream are ensured here, before the first request, and not before anything is read: an
    /// object that turns out to be poison must not leave an empty stream in the customer's account.
    /// </summary>
    private async Task FlushAsync(BatchGroup group, List<(PendingObject Owner, long EndPiece)> owners, LogTarget target, TenantCredentials credentials)
    {
        if (group.Count == 0)
        {
            return;
        }

        await EnsureTargetAsync(target, credentials);

        // An owner whose planning has ended has its last batch in this request: it is complete once the request is accepted.
        var now = time.GetUtcNow();
        var reached = new Dictionary<string, ObjectCheckpoint>(StringComparer.Ordinal);
        foreach (var (owner, endPiece) in owners)
        {
            reached[owner.Key] = owner.PiecesSeen is { } seen
                ? new ObjectCheckpoint(owner.Key, seen, Complete: true, now)
                : new ObjectCheckpoint(owner.Key, endPiece, Complete: false, now);
        }

        var request = new InFlightRequest([.. reached.Values], group.Count, group.MinTimestamp, group.MaxTimestamp, RequestFingerprint.Of(group), now);
        await DeclareInFlightAsync(request);

        var first = owners[0].Owner;
        RejectedEventCounts answer;
        try
        {
            answer = await PutWithRetryAsync(target, credentials, group, first);
        }
        catch (RoundFailedException e) when (e.Failure.IsThrottling || e.Failure.ErrorClass != DeliveryErrorClass.Transient)
        {
            // CloudWatch answered and refused the request: it holds none of it, there is nothing to read back.
            _unconfirmed = null;
            throw;
        }

        // Accepted: counted first, while the request is still recorded in flight. If counting fails the request stays
        // unconfirmed, so the next round reads it back and counts it under the same id; once counted, this activation
        // knows it, and the checkpoints recorded below (stored now or, failing that, before anything else is sent)
        // confirm it for a later one.
        var day = UsageKey.DayOf(request.DeclaredAt);
        await RecordUsageAsync([
            UsageEntry.ForPutLogEvents(_target, request, UsageCounts.OfAcceptedRequest(group, answer)),
            .. owners.Select(o => o.Owner).Where(o => o.PiecesSeen is not null).DistinctBy(o => o.Key).Select(o => ObjectUsage(o.Key, day, o))]);

        _unconfirmed = null;
        var rejected = group.RejectedPerBatch(answer);
        first.Batches++;
        for (var i = 0; i < owners.Count; i++)
        {
            var (owner, _) = owners[i];
            var batch = group.Batches[i];

            // CloudWatch rejects events (too old, too new, expired) by index in the merged request; each object counts its own.
            owner.Events += batch.Count - rejected[i];
            owner.Rejected += rejected[i];
            owner.Bytes += batch.PayloadBytes - ((long)batch.Count * _options.Limits.PerEventOverheadBytes);
        }

        foreach (var checkpoint in reached.Values)
        {
            Record(checkpoint);
        }

        group.Clear();
        owners.Clear();
        await SaveCheckpointsAsync();
    }

    /// <summary>
    /// Records the request about to be sent, before it is sent: if this activation dies before the request's checkpoints
    /// are stored, the next one resolves it by reading the stream back. Nothing is sent when the record cannot be stored.
    /// </summary>
    private async Task DeclareInFlightAsync(InFlightRequest request)
    {
        try
        {
            await checkpoints.DeclareInFlightAsync(_target, request, request.DeclaredAt + _options.CheckpointRetention, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            LogCheckpointsNotSaved(logger, _key.Tenant, _key.LogStreamName, 1, e.Message);
            throw new RoundFailedException(e);
        }

        _unconfirmed = request;
    }

    /// <summary>
    /// Before anything is sent: finds whether a request was recorded in flight without its checkpoints being stored (read
    /// once per activation, or left by a put of this activation that ended without an answer) and resolves it. When its
    /// objects' stored checkpoints already cover it, it was confirmed. Otherwise the stream is read back with the tenant's
    /// role: if the request's events are there, its checkpoints are recorded as if the put had been confirmed; if not
    /// (or the read is refused or fails), the request's objects resume from their checkpoints, so it is sent again.
    /// </summary>
    private async Task ResolveInFlightAsync(List<PendingObject> round)
    {
        try
        {
            if (!_inFlightRead)
            {
                _unconfirmed = await checkpoints.GetInFlightAsync(_target, CancellationToken.None);
                _inFlightRead = true;
            }

            if (_unconfirmed is not { } request)
            {
                return;
            }

            var unknown = request.Checkpoints.Select(c => c.ObjectKey).Where(k => Known(k) is null).Distinct(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                foreach (var checkpoint in (await checkpoints.GetAsync(_target, unknown, CancellationToken.None)).Values)
                {
                    Remember(checkpoint);
                }
            }

            if (request.IsConfirmedBy(_known ?? NoneKnown))
            {
                _unconfirmed = null;
                return;
            }

            var credentials = await GetCredentialsAsync(round[^1].Delivery.Credentials);
            var (result, messageBytes) = await ReadBackAsync(request, credentials);
            metrics.RecordReadback(_key.Tenant, result);
            if (result == ReadbackPresent)
            {
                LogReadbackPresent(logger, _key.Tenant, _key.LogStreamName, request.Events, request.Checkpoints.Count);

                // Counted as the put would have been (same ids), before the checkpoints that confirm the request are
                // stored; a failure here leaves it unconfirmed, and the next round reads it back again.
                // What the objects' planning found (content rules) is not in the record: only the objects are counted.
                await RecordUsageAsync([
                    UsageEntry.ForPutLogEvents(_target, request, new UsageCounts(Events: request.Events, MessageBytes: messageBytes, PutLogEventsCalls: 1)),
                    .. request.Checkpoints.Where(c => c.Complete).Select(c => ObjectUsage(c.ObjectKey, UsageKey.DayOf(request.DeclaredAt), pending: null))]);

                _unconfirmed = null;
                var now = time.GetUtcNow();
                foreach (var checkpoint in request.Checkpoints)
                {
                    Record(checkpoint with { UpdatedAt = now });
                }

                await SaveCheckpointsAsync();
            }
            else
            {
                // Absent, or not readable: the request's objects resume from their checkpoints, so it is sent again.
                _unconfirmed = null;
                if (result == ReadbackAbsent)
                {
                    LogReadbackAbsent(logger, _key.Tenant, _key.LogStreamName, request.Events, request.Checkpoints.Count);
                }
            }
        }
        catch (DeliveryException e)
        {
            throw new RoundFailedException(e);
        }
    }

    /// <summary>
    /// Reads the request's time range back and looks for its events. CloudWatch may show accepted events only some seconds
    /// later, so "absent" is concluded only once the request is <see cref="DeliveryOptions.ReadbackSettleTime"/> old: a
    /// younger one is read once, then again after the rest of the settle time.
    /// </summary>
    private async Task<(string Result, long MessageBytes)> ReadBackAsync(InFlightRequest request, TenantCredentials credentials)
    {
        for (var read = 1; ; read++)
        {
            try
            {
                var events = await destination.ReadBackAsync(
                    _target, credentials, request.FirstTimestamp, request.LastTimestamp, Math.Max(MaxReadbackEvents, request.Events), CancellationToken.None);
                var start = RequestFingerprint.IndexOf(request, events);
                if (start >= 0)
                {
                    return (ReadbackPresent, events.Skip(start).Take(request.Events).Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)));
                }
            }
            catch (DeliveryException e) when (e.ErrorClass == DeliveryErrorClass.TenantBlocked)
            {
                LogReadbackRefused(logger, _key.Tenant, _key.LogStreamName, ReadbackDenied, request.Events, e.Message);
                return (ReadbackDenied, 0);
            }
            catch (DeliveryException e)
            {
                LogReadbackRefused(logger, _key.Tenant, _key.LogStreamName, ReadbackFailed, request.Events, e.Message);
                return (ReadbackFailed, 0);
            }

            // One read after the settle time decides: a timer may fire a fraction of a millisecond before the wall clock
            // passes the mark, and reading again for that fraction would spin.
            var settling = request.DeclaredAt + _options.ReadbackSettleTime - time.GetUtcNow();
            if (settling <= TimeSpan.Zero || read >= 2)
            {
                return (ReadbackAbsent, 0);
            }

            LogReadbackSettling(logger, _key.Tenant, _key.LogStreamName, settling.TotalMilliseconds);
            await Task.Delay(settling, time);
        }
    }

    /// <summary>Releases the connection of an object opened ahead whose round ended before it was read; it is read again when its message returns.</summary>
    private static async Task CloseUnreadAsync(Task<ObjectReadHandle> opening)
    {
        try
        {
            await using var handle = await opening;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Its failure, if any, is reported when the object is delivered again.
        }
    }

    private async Task<RejectedEventCounts> PutWithRetryAsync(LogTarget target, TenantCredentials credentials, BatchGroup group, PendingObject first)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await destination.PutAsync(target, credentials, group, CancellationToken.None);
            }
            catch (DeliveryException e) when (e.ErrorClass == DeliveryErrorClass.Transient && attempt < _options.MaxPutAttempts)
            {
                if (e.IsThrottling)
                {
                    first.Throttles++;
                }

                var delay = ExponentialBackoff.Delay(attempt, _options.RetryBaseDelay, _options.RetryMaxDelay);
                LogRetry(logger, _key.Tenant, _key.LogStreamName, attempt, delay.TotalMilliseconds, e.Message);
                await Task.Delay(delay, time);
            }
            catch (DeliveryException e)
            {
                if (e.IsThrottling)
                {
                    first.Throttles++;
                }

                throw new RoundFailedException(e);
            }
        }
    }

    /// <summary>
    /// What finishing an object in this stream used, beyond its requests (which count their own events): the object, and
    /// the events its tenant's content rules excluded or redacted. <paramref name="pending"/> is null when the object
    /// was finished by a request that a readback confirmed after a crash: its planning is not known then.
    /// </summary>
    private UsageEntry ObjectUsage(string objectKey, DateOnly day, PendingObject? pending)
    {
        var counts = new UsageCounts(EventsExcluded: pending?.ContentExcluded ?? 0, EventsRedacted: pending?.ContentRedacted ?? 0);
        return UsageEntry.ForObject(_key.Tenant, DeliveryType.CloudWatch, objectKey, day, counts);
    }

    /// <summary>
    /// Records usage entries together (one ledger write for a request and the objects it finishes); a failure ends the
    /// round as transient. Every caller records before the checkpoints that make its work final are stored, so a retry or
    /// the redo after a crash records the same entries again (ignored).
    /// </summary>
    private async Task RecordUsageAsync(IReadOnlyList<UsageEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        try
        {
            await usage.RecordAllAsync(entries, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            LogUsageNotRecorded(logger, _key.Tenant, _key.LogStreamName, entries[0].Id, e.Message);
            throw new RoundFailedException(new DeliveryException(DeliveryErrorClass.Transient, e.Operation, _key.Tenant, e.ObjectKey, e.Detail, e));
        }
    }

    /// <summary>Reads the checkpoints of the round's objects that this activation does not know yet.</summary>
    private async Task LoadCheckpointsAsync(List<PendingObject> round)
    {
        var unknown = round.Select(p => p.Key).Where(k => Known(k) is null).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        IReadOnlyDictionary<string, ObjectCheckpoint> found;
        try
        {
            found = await checkpoints.GetAsync(_target, unknown, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            throw new RoundFailedException(e);
        }

        foreach (var checkpoint in found.Values)
        {
            Remember(checkpoint);
        }
    }

    /// <summary>Moves an object's checkpoint in memory; <see cref="SaveCheckpointsAsync"/> makes it durable.</summary>
    private void Record(ObjectCheckpoint checkpoint)
    {
        if (checkpoint.Supersedes(Known(checkpoint.ObjectKey)))
        {
            Remember(checkpoint);
            (_unsaved ??= new Dictionary<string, ObjectCheckpoint>(StringComparer.Ordinal))[checkpoint.ObjectKey] = checkpoint;
        }
    }

    private ObjectCheckpoint? Known(string objectKey) => _known?.GetValueOrDefault(objectKey);

    private void Remember(ObjectCheckpoint checkpoint)
    {
        (_known ??= new(StringComparer.Ordinal))[checkpoint.ObjectKey] = checkpoint;
        if (checkpoint.Complete)
        {
            (_completedOrder ??= new()).Enqueue(checkpoint.ObjectKey);
        }
    }

    /// <summary>
    /// Stores every checkpoint not stored yet. On failure they stay in memory (this activation still knows
    /// how far each object got) and the round ends with the store's failure class, so no object whose
    /// checkpoint is not durable is acknowledged; the next round stores them before it sends anything.
    /// </summary>
    private async Task SaveCheckpointsAsync()
    {
        if (_unsaved is not { Count: > 0 } unsaved)
        {
            return;
        }

        var saving = unsaved.Values.ToList();
        try
        {
            await checkpoints.SaveAsync(_target, saving, time.GetUtcNow() + _options.CheckpointRetention, CancellationToken.None);
        }
        catch (DeliveryException e)
        {
            LogCheckpointsNotSaved(logger, _key.Tenant, _key.LogStreamName, saving.Count, e.Message);
            throw new RoundFailedException(e);
        }

        foreach (var saved in saving)
        {
            if (ReferenceEquals(unsaved.GetValueOrDefault(saved.ObjectKey), saved))
            {
                unsaved.Remove(saved.ObjectKey);
            }
        }

        if (unsaved.Count == 0 && ReferenceEquals(_unsaved, unsaved))
        {
            _unsaved = null;
        }

        ForgetOldCompleted();
    }

    private void ForgetOldCompleted()
    {
        while (_completedOrder is { Count: > MaxCompletedRemembered } completed)
        {
            var key = completed.Dequeue();
            if (_unsaved?.ContainsKey(key) != true)
            {
                _known!.Remove(key);
            }
        }
    }

    private void Fail(List<PendingObject> objects, DeliveryException failure)
    {
        var status = DeliveryStatuses.From(failure.ErrorClass);
        LogFailed(logger, _key.Tenant, _key.LogStreamName, status.ToString(), failure.Message);
        foreach (var pending in objects)
        {
            pending.Finish(status, failure.MessageFor(pending.Key));
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivered {ObjectKey} of tenant {Tenant} to stream {Stream}: {Events} events")]
    private static partial void LogDelivered(ILogger logger, string tenant, string objectKey, string stream, long events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Object {ObjectKey} of tenant {Tenant} is poison ({Reason}): {Detail}")]
    private static partial void LogPoison(ILogger logger, string tenant, string objectKey, string reason, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to stream {Stream} of tenant {Tenant} ended {Status}: {Detail}")]
    private static partial void LogFailed(ILogger logger, string tenant, string stream, string status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "PutLogEvents to stream {Stream} of tenant {Tenant} failed (attempt {Attempt}), retrying in {DelayMs} ms: {Detail}")]
    private static partial void LogRetry(ILogger logger, string tenant, string stream, int attempt, double delayMs, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} checkpoints of stream {Stream} of tenant {Tenant} could not be stored; their objects are not acknowledged until they are: {Detail}")]
    private static partial void LogCheckpointsNotSaved(ILogger logger, string tenant, string stream, int count, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The state of stream {Stream} of tenant {Tenant} (group and stream ensured) could not be saved; a later activation ensures them again: {Detail}")]
    private static partial void LogStateNotSaved(ILogger logger, string tenant, string stream, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readback present: stream {Stream} of tenant {Tenant} holds the unconfirmed request of {Events} events; checkpoints of its {Objects} objects advanced, nothing resent")]
    private static partial void LogReadbackPresent(ILogger logger, string tenant, string stream, int events, int objects);

    [LoggerMessage(Level = LogLevel.Information, Message = "Readback absent: stream {Stream} of tenant {Tenant} does not hold the unconfirmed request of {Events} events ({Objects} objects); it is sent again")]
    private static partial void LogReadbackAbsent(ILogger logger, string tenant, string stream, int events, int objects);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Readback {Result}: stream {Stream} of tenant {Tenant} could not be read back, so its unconfirmed request of {Events} events is sent again (at most that request duplicated): {Detail}")]
    private static partial void LogReadbackRefused(ILogger logger, string tenant, string stream, string result, int events, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Readback of stream {Stream} of tenant {Tenant} found nothing yet; reading again in {DelayMs} ms (read-after-write settle time)")]
    private static partial void LogReadbackSettling(ILogger logger, string tenant, string stream, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage entry {EntryId} of stream {Stream} of tenant {Tenant} could not be recorded; the round is retried and records it then: {Detail}")]
    private static partial void LogUsageNotRecorded(ILogger logger, string tenant, string stream, string entryId, string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "A delivery round for stream {Stream} of tenant {Tenant} failed unexpectedly: {Detail}")]
    private static partial void LogRoundFailed(ILogger logger, string tenant, string stream, string detail);

    /// <summary>A send or ensure failed: the whole round ends with this failure's class.</summary>
    private sealed class RoundFailedException(DeliveryException failure) : Exception(failure.Message, failure)
    {
        public DeliveryException Failure { get; } = failure;
    }
}
