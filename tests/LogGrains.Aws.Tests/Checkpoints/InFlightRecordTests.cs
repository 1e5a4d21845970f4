using Amazon.DynamoDBv2.Model;
using LogGrains.Aws.Checkpoints;
using LogGrains.Core.Ports;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.Checkpoints;

/// <summary>A stream's in-flight record in the checkpoint table, on moto.</summary>
[Collection(MotoTests.Collection)]
public sealed class InFlightRecordTests(MotoServer moto)
{
    [Fact]
    public async Task The_last_declared_request_reads_back_field_for_field_and_replaces_the_previous_one()
    {
        var table = MotoServer.UniqueName("checkpoints");
        using var store = new DynamoDbCheckpointStore(new DynamoDbCheckpointStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint }, TestAws.DefaultCredentials);
        var stream = new LogTarget(MotoServer.UniqueName("tenant"), MotoServer.Region, "/loggrains/inflight", "app-pod-2026-12-03");
        var declaredAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var first = new InFlightRequest([new ObjectCheckpoint("t/c/app/pod/1.json.gz", 20, true, declaredAt)], 20, 1_000, 1_019, "00112233445566778899aabbccddeeff", declaredAt);
        var second = new InFlightRequest(
            [new ObjectCheckpoint("t/c/app/pod/2.json.gz", 7, false, declaredAt), new ObjectCheckpoint("t/c/app/pod/3 ünï.json.gz", 40, true, declaredAt)],
            47, 2_000, 2_046, "ffeeddccbbaa99887766554433221100", declaredAt);

        Assert.Null(await store.GetInFlightAsync(stream, CancellationToken.None));
        await store.DeclareInFlightAsync(stream, first, declaredAt.AddDays(7), CancellationToken.None);
        await store.DeclareInFlightAsync(stream, second, declaredAt.AddDays(7), CancellationToken.None);
        var read = await store.GetInFlightAsync(stream, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(second.Checkpoints, read.Checkpoints);
        Assert.Equal((second.Events, second.FirstTimestamp, second.LastTimestamp, second.Fingerprint, second.DeclaredAt), (read.Events, read.FirstTimestamp, read.LastTimestamp, read.Fingerprint, read.DeclaredAt));
    }

    [Fact]
    public async Task An_unreadable_record_reads_as_none_so_the_request_is_sent_again()
    {
        var table = MotoServer.UniqueName("checkpoints");
        using var store = new DynamoDbCheckpointStore(new DynamoDbCheckpointStoreOptions { TableName = table, Region = MotoServer.Region, ServiceUrl = moto.Endpoint }, TestAws.DefaultCredentials);
        var stream = new LogTarget(MotoServer.UniqueName("tenant"), MotoServer.Region, "/loggrains/inflight", "app-pod-2026-12-03");
        Assert.Null(await store.GetInFlightAsync(stream, CancellationToken.None));
        using var dynamo = TestAws.DynamoDb(moto.Endpoint);
        await dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = table,
            Item = new()
            {
                ["stream"] = new AttributeValue { S = DynamoDbCheckpointStore.StreamKey(stream) },
                ["object_key"] = new AttributeValue { S = "#in-flight" },
                ["request"] = new AttributeValue { S = "{\"events\":" },
            },
        });

        Assert.Null(await store.GetInFlightAsync(stream, CancellationToken.None));
    }
}
