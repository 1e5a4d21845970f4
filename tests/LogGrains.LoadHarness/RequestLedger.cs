using System.Text.Json;
using System.Web;
using LogGrains.Testing.Faults;

namespace LogGrains.LoadHarness;

/// <summary>
/// One accepted PutLogEvents request: when, how many events, and which staged event came first (object number and
/// event index, null when its message is not one this harness wrote). No message is kept: a long run accepts
/// hundreds of thousands of requests.
/// </summary>
internal sealed record AcceptedPut(double Seconds, int Events, (int Number, int Index)? FirstEvent);

/// <summary>One AssumeRole request: the role, the caller's access key (each silo's central session has its own), the answer.</summary>
internal sealed record AssumeRoleCall(double Seconds, string RoleArn, string AccessKeyId, int Status);

/// <summary>
/// Digests every request the fault proxy records, as it is recorded: calls by operation, accepted PutLogEvents requests
/// and AssumeRole calls, with the time they were seen. The proxy keeps none of them, so no request body outlives its
/// request however long the run. The lists are read as snapshots: requests keep arriving while the run reports.
/// </summary>
internal sealed class RequestLedger
{
    private readonly System.Diagnostics.Stopwatch _clock;
    private readonly Lock _gate = new();
    private readonly List<(double Seconds, string Operation, int Status, string? Fault)> _calls = [];
    private readonly List<AcceptedPut> _puts = [];
    private readonly List<AssumeRoleCall> _assumeRoles = [];
    private readonly Dictionary<(string Service, string Operation), string> _operations = [];
    private long _acceptedEvents;

    public RequestLedger(AwsFaultProxy proxy, System.Diagnostics.Stopwatch clock)
    {
        _clock = clock;
        proxy.RetainRequests = false;
        proxy.Recorded += Digest;
    }

    public IReadOnlyList<(double Seconds, string Operation, int Status, string? Fault)> Calls => Snapshot(_calls);

    public IReadOnlyList<AcceptedPut> Puts => Snapshot(_puts);

    public IReadOnlyList<AssumeRoleCall> AssumeRoles => Snapshot(_assumeRoles);

    public long AcceptedEvents => Interlocked.Read(ref _acceptedEvents);

    /// <summary>Calls by operation seen between two times (seconds of the run's clock).</summary>
    public Dictionary<string, int> CallsBetween(double from, double to) =>
        Calls.Where(c => c.Seconds >= from && c.Seconds <= to).GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => g.Count());

    private void Digest(RecordedRequest request)
    {
        var now = _clock.Elapsed.TotalSeconds;
        var put = request.Info.Operation == "PutLogEvents" && request.StatusCode == 200 && request.Fault is null ? Accepted(now, request.Body) : null;
        var assumeRole = request.Info.Service == "sts" && request.Info.Operation == "AssumeRole"
            ? new AssumeRoleCall(now, HttpUtility.ParseQueryString(request.BodyText)["RoleArn"] ?? "", request.Info.AccessKeyId, request.StatusCode)
            : null;
        lock (_gate)
        {
            _calls.Add((now, OperationName(request.Info.Service, request.Info.Operation), request.StatusCode, request.Fault));
            if (put is not null)
            {
                _puts.Add(put);
                Interlocked.Add(ref _acceptedEvents, put.Events);
            }

            if (assumeRole is not null)
            {
                _assumeRoles.Add(assumeRole);
            }
        }
    }

    /// <summary>One string per operation, not one per call: a full-size run records millions of calls.</summary>
    private string OperationName(string service, string operation)
    {
        if (!_operations.TryGetValue((service, operation), out var name))
        {
            name = $"{service}:{operation}";
            _operations[(service, operation)] = name;
        }

        return name;
    }

    private static AcceptedPut Accepted(double seconds, byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var events = document.RootElement.GetProperty("logEvents");
        var count = events.GetArrayLength();
        var first = count > 0 ? StagedObject.Parse(events[0].GetProperty("message").GetString()!) : null;
        return new AcceptedPut(seconds, count, first is { } f ? (f.Number, f.Index) : null);
    }

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
