using System.Text.Json;
using System.Web;
using LogGrains.Testing.Faults;

namespace LogGrains.LoadHarness;

/// <summary>One accepted PutLogEvents request: where, how many events, and its first event's message.</summary>
internal sealed record AcceptedPut(double Seconds, string Group, string Stream, int Events, string FirstMessage);

/// <summary>One AssumeRole request: the role, the caller's access key (each silo's central session has its own), the answer.</summary>
internal sealed record AssumeRoleCall(double Seconds, string RoleArn, string AccessKeyId, int Status);

/// <summary>
/// Digests the fault proxy's record of every request as it grows (it is never cleared, so nothing is missed):
/// calls by operation, accepted PutLogEvents requests and AssumeRole calls, with the time they were seen.
/// </summary>
internal sealed class RequestLedger(AwsFaultProxy proxy, System.Diagnostics.Stopwatch clock)
{
    private readonly Lock _gate = new();
    private int _seen;

    public List<(double Seconds, string Operation, int Status, string? Fault)> Calls { get; } = [];

    public List<AcceptedPut> Puts { get; } = [];

    public List<AssumeRoleCall> AssumeRoles { get; } = [];

    public long AcceptedEvents { get; private set; }

    /// <summary>Reads what the proxy recorded since the last call.</summary>
    public void Catch()
    {
        lock (_gate)
        {
            var fresh = proxy.Requests.Skip(_seen).ToList();
            _seen += fresh.Count;
            var now = clock.Elapsed.TotalSeconds;
            foreach (var request in fresh)
            {
                Calls.Add((now, $"{request.Info.Service}:{request.Info.Operation}", request.StatusCode, request.Fault));
                if (request.Info.Operation == "PutLogEvents" && request.StatusCode == 200 && request.Fault is null)
                {
                    using var body = JsonDocument.Parse(request.Body);
                    var events = body.RootElement.GetProperty("logEvents");
                    var count = events.GetArrayLength();
                    Puts.Add(new AcceptedPut(
                        now,
                        body.RootElement.GetProperty("logGroupName").GetString()!,
                        body.RootElement.GetProperty("logStreamName").GetString()!,
                        count,
                        count > 0 ? events[0].GetProperty("message").GetString()! : ""));
                    AcceptedEvents += count;
                }
                else if (request.Info.Service == "sts" && request.Info.Operation == "AssumeRole")
                {
                    var form = HttpUtility.ParseQueryString(request.BodyText);
                    AssumeRoles.Add(new AssumeRoleCall(now, form["RoleArn"] ?? "", request.Info.AccessKeyId, request.StatusCode));
                }
            }
        }
    }

    /// <summary>Calls by operation seen between two times (seconds of the run's clock).</summary>
    public Dictionary<string, int> CallsBetween(double from, double to)
    {
        lock (_gate)
        {
            return Calls.Where(c => c.Seconds >= from && c.Seconds <= to).GroupBy(c => c.Operation).ToDictionary(g => g.Key, g => g.Count());
        }
    }
}
