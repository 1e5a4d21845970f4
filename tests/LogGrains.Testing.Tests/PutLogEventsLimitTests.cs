using System.Text;
using System.Text.Json;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

[Collection(MotoTests.Collection)]
public sealed class PutLogEventsLimitTests(MotoServer moto) : IAsyncLifetime
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    private AwsFaultProxy _proxy = null!;
    private SignedAwsHttp _logs = null!;
    private string _group = null!;
    private string _stream = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _logs = new SignedAwsHttp(_proxy.Endpoint, "logs");
        _group = "/loggrains/" + MotoServer.UniqueName("group");
        _stream = MotoServer.UniqueName("stream");
        Assert.Equal(200, (await _logs.PostJsonAsync("Logs_20140328.CreateLogGroup", $$"""{"logGroupName":"{{_group}}"}""")).Status);
        Assert.Equal(200, (await _logs.PostJsonAsync(
            "Logs_20140328.CreateLogStream", $$"""{"logGroupName":"{{_group}}","logStreamName":"{{_stream}}"}""")).Status);
    }

    public async Task DisposeAsync()
    {
        _logs.Dispose();
        await _proxy.DisposeAsync();
    }

    public static TheoryData<string, (long Timestamp, int MessageBytes)[]> Violations => new()
    {
        { "MaxBatchBytes", [.. Enumerable.Repeat((Now, 209_689), 4), (Now, 209_691)] },
        { "MaxEvents", [.. Enumerable.Repeat((Now, 1), 10_001)] },
        { "MaxSpan", [(Now - 86_400_001, 10), (Now, 10)] },
        { "ChronologicalOrder", [(Now, 10), (Now - 1, 10)] },
        { "MaxEventBytes", [(Now, 262_119)] },
        { "MinMessageLength", [(Now, 0)] },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public async Task A_request_CloudWatch_would_refuse_is_flagged_with_the_limit_it_breaks(
        string limit, (long Timestamp, int MessageBytes)[] events)
    {
        var (status, body) = await PutAsync(events);

        Assert.Equal(400, status);
        Assert.Contains("InvalidParameterException", body, StringComparison.Ordinal);
        Assert.Contains(limit, body, StringComparison.Ordinal);
        var violation = Assert.Single(_proxy.Violations);
        Assert.Equal(limit, violation.Limit);
        var thrown = Assert.Throws<LimitViolationException>(_proxy.AssertNoLimitViolations);
        Assert.Contains(limit, thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_at_every_limit_passes_and_reaches_moto()
    {
        (long, int)[] atTheLimits =
        [
            (Now - 86_400_000, 209_689), (Now - 3, 209_689), (Now - 2, 209_689), (Now - 1, 209_689), (Now, 209_690),
        ];

        var (status, body) = await PutAsync(atTheLimits);

        Assert.True(status == 200, body);
        _proxy.AssertNoLimitViolations();
        Assert.Equal(1, _proxy.Count("logs", "PutLogEvents"));
    }

    [Fact]
    public void Ten_thousand_events_are_legal()
    {
        var body = Body([.. Enumerable.Repeat((Now, 1), 10_000)]);

        Assert.Empty(PutLogEventsChecker.Check(body, new CloudWatchLimits()));
    }

    private async Task<(int Status, string Body)> PutAsync((long Timestamp, int MessageBytes)[] events) =>
        await _logs.PostJsonAsync("Logs_20140328.PutLogEvents", Encoding.UTF8.GetString(Body(events, _group, _stream)));

    private static byte[] Body((long Timestamp, int MessageBytes)[] events, string group = "g", string stream = "s")
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("logGroupName", group);
            json.WriteString("logStreamName", stream);
            json.WriteStartArray("logEvents");
            foreach (var (timestamp, bytes) in events)
            {
                json.WriteStartObject();
                json.WriteNumber("timestamp", timestamp);
                json.WriteString("message", new string('m', bytes));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
