using System.Text.Json;
using LogGrains.LoadHarness;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

/// <summary>
/// The load harness's verification is what the scale and chaos figures' "0 lost, 0 duplicated" rest on. Here it reads
/// CloudWatch Logs (moto) holding planted faults, one of each kind, and must count each exactly once and no more.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class LoadHarnessVerificationTests(MotoServer moto)
{
    private const int Events = 20;
    private static readonly long Start = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();

    [Fact]
    public async Task Planted_losses_duplicates_and_strays_are_each_counted_once()
    {
        // Two tenants of four streams with two objects each. The harness' accounts are SiloCluster.AccountOf(index);
        // no other test writes to them.
        string[] tenants = [MotoServer.UniqueName("t0"), MotoServer.UniqueName("t1")];
        var number = 0;
        var staged = (from t in tenants
                      from pod in Enumerable.Range(0, 4)
                      from _ in Enumerable.Range(0, 2)
                      select new StagedObject(t, $"pod-{pod}", ++number, Events, 40, Start + (number * 1000))).ToList();
        var sent = tenants.ToDictionary(t => t, t => staged.Where(o => o.Tenant == t).GroupBy(o => o.Pod).ToDictionary(
            g => g.Key, g => g.SelectMany(o => Enumerable.Range(0, o.Events).Select(j => (o.Timestamp(j), o.Message(j)))).ToList()));

        sent[tenants[0]]["pod-0"].RemoveAt(5);
        var duplicated = sent[tenants[0]]["pod-1"][7];
        sent[tenants[0]]["pod-1"].Insert(8, duplicated);
        var crossTenant = sent[tenants[0]]["pod-2"][3];
        sent[tenants[0]]["pod-2"].RemoveAt(3);
        sent[tenants[1]]["pod-2"].Add(crossTenant); // the same pod name, the other tenant's account: cross-tenant, not misrouted
        var misrouted = sent[tenants[1]]["pod-2"][0];
        sent[tenants[1]]["pod-2"].RemoveAt(0);
        sent[tenants[1]]["pod-1"].Add(misrouted);
        sent[tenants[1]]["pod-0"].Add((Start, "a line no staged object wrote"));
        var altered = sent[tenants[1]]["pod-3"][11];
        sent[tenants[1]]["pod-3"][11] = (altered.Item1, altered.Item2 + "!");

        for (var t = 0; t < tenants.Length; t++)
        {
            using var logs = new SignedAwsHttp(moto.Endpoint, "logs", accountId: SiloCluster.AccountOf(t));
            var group = $"/loggrains/{tenants[t]}";
            await CallAsync(logs, "CreateLogGroup", new { logGroupName = group });
            foreach (var (pod, events) in sent[tenants[t]])
            {
                var stream = $"{StagedObject.Application}-{pod}-2026-12-04";
                await CallAsync(logs, "CreateLogStream", new { logGroupName = group, logStreamName = stream });
                await CallAsync(logs, "PutLogEvents", new
                {
                    logGroupName = group,
                    logStreamName = stream,
                    logEvents = events.OrderBy(e => e.Item1).Select(e => new { timestamp = e.Item1, message = e.Item2 }),
                });
            }
        }

        var duplicatedEvent = StagedObject.Parse(duplicated.Item2)!.Value;
        AcceptedPut[] puts = [new(1, Events, (duplicatedEvent.Number, duplicatedEvent.Index)), new(1, Events, (1, 0))];
        var result = await Verification.RunAsync(
            moto.Endpoint, tenants, staged, new Dictionary<int, long>(), puts, new HashSet<string>());

        Assert.Equal(8, result.Streams);
        Assert.Equal(5, result.StreamsEqual); // not: the lost, the duplicated and the altered event's streams
        Assert.Equal(8L * 2 * Events, result.ExpectedEvents);
        Assert.Equal(1, result.LostEvents);
        Assert.Equal(1L, Assert.Single(result.LostByTenant, l => l.Key == tenants[0]).Value);
        Assert.Equal(1, result.DuplicatedEvents);
        Assert.Equal(1, result.StreamsWithDuplicates);
        Assert.Equal(1, result.AcceptedRequestsWithDuplicates);
        Assert.Equal(1, result.CrossTenantEvents);
        Assert.Equal(1, result.MisroutedEvents);
        Assert.Equal(1, result.ForeignEvents);
        Assert.Equal(result.ExpectedEvents, result.FoundEvents); // one lost, one found twice; strays count where they belong
    }

    private static async Task CallAsync(SignedAwsHttp logs, string operation, object request)
    {
        var (status, body) = await logs.PostJsonAsync($"Logs_20140328.{operation}", JsonSerializer.Serialize(request));
        Assert.True(status == 200, $"{operation}: HTTP {status} {body}");
    }
}
