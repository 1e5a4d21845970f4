using System.Buffers;
using System.Text.Json;
using LogGrains.Core.Batching;
using LogGrains.Core.Ports;

namespace LogGrains.Grains.Tests.Fakes;

/// <summary>
/// CloudWatch Logs in memory. Records every ensure and every request (decoded from the real request body, so what
/// is counted is what would go on the wire) and answers requests as scripted per stream.
/// </summary>
internal sealed class FakeLogDestination : ILogDestination
{
    private readonly Lock _lock = new();
    private readonly List<DestinationCall> _calls = [];
    private readonly Dictionary<LogTarget, Queue<PutAnswer>> _answers = [];
    private readonly Dictionary<LogTarget, DeliveryErrorClass> _ensureFailures = [];

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
        }

        return answer switch
        {
            PutAnswer.Throttle => throw new DeliveryException(DeliveryErrorClass.Transient, "logs:PutLogEvents", target.Tenant, string.Empty, "ThrottlingException (scripted)") { IsThrottling = true },
            PutAnswer.Fail fail => throw new DeliveryException(fail.ErrorClass, "logs:PutLogEvents", target.Tenant, string.Empty, fail.Detail),
            PutAnswer.Reject reject => PutLogEventsRejections.Count(events.Count, reject.TooNewStartIndex, reject.TooOldEndIndex, reject.ExpiredEndIndex),
            _ => PutLogEventsRejections.Count(events.Count, null, null, null),
        };
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
