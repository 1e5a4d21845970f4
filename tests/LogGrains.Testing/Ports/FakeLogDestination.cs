using System.Buffers;
using System.Text.Json;
using LogGrains.Core.Batching;
using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>
/// CloudWatch Logs in memory. Records every ensure and every request (decoded from the real request body, so what
/// is counted is what would go on the wire) and answers requests as scripted per stream.
/// </summary>
public sealed class FakeLogDestination : ILogDestination
{
    private readonly Lock _lock = new();
    private readonly List<DestinationCall> _calls = [];
    private readonly Dictionary<LogTarget, Queue<PutAnswer>> _answers = [];
    private readonly Dictionary<LogTarget, DeliveryErrorClass> _ensureFailures = [];
    private readonly Dictionary<LogTarget, DeliveryErrorClass> _readbackFailures = [];
    private readonly Dictionary<LogTarget, TimeSpan> _readDelays = [];
    private readonly List<(LogTarget Target, SentEvent Event, DateTimeOffset At)> _stored = [];

    /// <summary>Every call to <paramref name="target"/>, in arrival order.</summary>
    public IReadOnlyList<DestinationCall> CallsTo(LogTarget target)
    {
        lock (_lock)
        {
            return [.. _calls.Where(c => c.Target == target)];
        }
    }

    /// <summary>The PutLogEvents requests to <paramref name="target"/>, including refused ones.</summary>
    public IReadOnlyList<DestinationCall> Requests(LogTarget target) =>
        [.. CallsTo(target).Where(c => c.Operation == DestinationCall.PutLogEvents)];

    /// <summary>The events <paramref name="target"/> accepted, in arrival order (rejected ones included: the fake does not drop them).</summary>
    public IReadOnlyList<SentEvent> Accepted(LogTarget target) =>
        [.. Requests(target).Where(r => r.Accepted).SelectMany(r => r.Events)];

    /// <summary>The readbacks of <paramref name="target"/>, refused ones included.</summary>
    public IReadOnlyList<DestinationCall> Readbacks(LogTarget target) =>
        [.. CallsTo(target).Where(c => c.Operation == DestinationCall.GetLogEvents)];

    /// <summary>Readbacks of <paramref name="target"/> fail with <paramref name="errorClass"/> (TenantBlocked: AccessDenied).</summary>
    public void FailReadbacks(LogTarget target, DeliveryErrorClass errorClass)
    {
        lock (_lock)
        {
            _readbackFailures[target] = errorClass;
        }
    }

    /// <summary>Accepted events of <paramref name="target"/> become readable only <paramref name="delay"/> after their request (read-after-write delay).</summary>
    public void DelayReads(LogTarget target, TimeSpan delay)
    {
        lock (_lock)
        {
            _readDelays[target] = delay;
        }
    }

    public int Ensures(LogTarget target) => CallsTo(target).Count(c => c.Operation == DestinationCall.CreateLogStream);

    /// <summary>The next requests to <paramref name="target"/> are answered in this order.</summary>
    public void Script(LogTarget target, params PutAnswer[] answers)
    {
        lock (_lock)
        {
            if (!_answers.TryGetValue(target, out var queue))
            {
                _answers[target] = queue = new Queue<PutAnswer>();
            }

            foreach (var answer in answers)
            {
                queue.Enqueue(answer);
            }
        }
    }

    public void FailEnsures(LogTarget target, DeliveryErrorClass errorClass)
    {
        lock (_lock)
        {
            _ensureFailures[target] = errorClass;
        }
    }

    public Task EnsureAsync(LogTarget target, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        lock (_lock)
        {
            var fails = _ensureFailures.TryGetValue(target, out var errorClass);
            _calls.Add(new DestinationCall(DestinationCall.CreateLogStream, target, [], !fails));
            if (fails)
            {
                throw new DeliveryException(errorClass, "logs:CreateLogStream", target.Tenant, string.Empty, "scripted");
            }
        }

        return Task.CompletedTask;
    }

    public async Task<RejectedEventCounts> PutAsync(LogTarget target, TenantCredentials credentials, BatchGroup batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(batch);
        var events = Decode(batch, target);
        PutAnswer? answer;
        lock (_lock)
        {
            answer = _answers.GetValueOrDefault(target) is { Count: > 0 } queue ? queue.Dequeue() : null;
        }

        if (answer is PutAnswer.Hold hold)
        {
            await hold.Gate.PassAsync();
        }

        var accepted = answer is null or PutAnswer.Hold or PutAnswer.Reject;
        lock (_lock)
        {
            _calls.Add(new DestinationCall(DestinationCall.PutLogEvents, target, events, accepted));
            if (accepted)
            {
                var at = DateTimeOffset.UtcNow;
                _stored.AddRange(events.Select(e => (target, e, at)));
            }
        }

        return answer switch
        {
            PutAnswer.Throttle => throw new DeliveryException(DeliveryErrorClass.Transient, "logs:PutLogEvents", target.Tenant, string.Empty, "ThrottlingException (scripted)") { IsThrottling = true },
            PutAnswer.Fail fail => throw new DeliveryException(fail.ErrorClass, "logs:PutLogEvents", target.Tenant, string.Empty, fail.Detail),
            PutAnswer.Reject reject => PutLogEventsRejections.Count(events.Count, reject.TooNewStartIndex, reject.TooOldEndIndex, reject.ExpiredEndIndex),
            _ => PutLogEventsRejections.Count(events.Count, null, null, null),
        };
    }

    public Task<IReadOnlyList<StoredLogEvent>> ReadBackAsync(
        LogTarget target, TenantCredentials credentials, long fromTimestamp, long toTimestamp, int maxEvents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        lock (_lock)
        {
            if (_readbackFailures.TryGetValue(target, out var errorClass))
            {
                _calls.Add(new DestinationCall(DestinationCall.GetLogEvents, target, [], false));
                throw new DeliveryException(errorClass, "logs:GetLogEvents", target.Tenant, string.Empty, "AccessDeniedException (scripted)");
            }

            // Like CloudWatch: stored in timestamp order, equal timestamps in the order they were accepted.
            var visibleBefore = DateTimeOffset.UtcNow - _readDelays.GetValueOrDefault(target);
            var found = _stored
                .Where(s => s.Target == target && s.At <= visibleBefore && s.Event.Timestamp >= fromTimestamp && s.Event.Timestamp <= toTimestamp)
                .Select(s => s.Event)
                .OrderBy(e => e.Timestamp)
                .Take(maxEvents)
                .ToList();
            _calls.Add(new DestinationCall(DestinationCall.GetLogEvents, target, found, true));
            return Task.FromResult<IReadOnlyList<StoredLogEvent>>([.. found.Select(e => new StoredLogEvent(e.Timestamp, e.Message))]);
        }
    }

    private static List<SentEvent> Decode(BatchGroup batch, LogTarget target)
    {
        var body = new ArrayBufferWriter<byte>();
        batch.WriteRequestBody(body, target.LogGroupName, target.LogStreamName);
        using var json = JsonDocument.Parse(body.WrittenMemory);
        return [.. json.RootElement.GetProperty("logEvents").EnumerateArray()
            .Select(e => new SentEvent(e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!))];
    }
}
