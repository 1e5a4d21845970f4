using Amazon.DynamoDBv2.Model;
using LogGrains.Orleans.DynamoDB.Storage;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization;
using Orleans.Storage;

namespace LogGrains.Orleans.DynamoDB.Tests.Storage;

[Collection(MotoTests.Collection)]
public sealed class DynamoDbGrainStorageTests(MotoServer moto) : IAsyncLifetime, IDisposable
{
    private const string StateName = "profile";
    private readonly string _tableName = MotoServer.UniqueName("grainstate");
    private DynamoDbGrainStorage _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = CreateStorage("store", "service-a");
        await _storage.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task Missing_state_reads_as_new_with_no_etag()
    {
        var state = new TestGrainState<TestState> { State = new TestState { Text = "junk" }, ETag = "junk", RecordExists = true };

        await _storage.ReadStateAsync(StateName, NewGrainId(), state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(string.Empty, state.State.Text);
        Assert.Equal(0, state.State.Number);
    }

    [Fact]
    public async Task Written_state_reads_back_with_the_same_etag()
    {
        var grain = NewGrainId();
        var written = State("hello", 42);

        await _storage.WriteStateAsync(StateName, grain, written);
        var read = await ReadAsync(grain);

        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal(written.ETag, read.ETag);
        Assert.Equal("hello", read.State.Text);
        Assert.Equal(42, read.State.Number);
    }

    [Fact]
    public async Task Every_successful_write_changes_the_etag()
    {
        var grain = NewGrainId();
        var state = State("v", 0);
        var etags = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            state.State.Number = i % 2;
            await _storage.WriteStateAsync(StateName, grain, state);
            etags.Add(state.ETag);
        }

        Assert.DoesNotContain(null, etags);
        Assert.Equal(etags.Count, etags.Distinct().Count());
        Assert.Equal(etags[^1], (await ReadAsync(grain)).ETag);
    }

    [Fact]
    public async Task Write_with_a_stale_etag_throws_and_leaves_the_stored_state_unchanged()
    {
        var grain = NewGrainId();
        var first = State("first", 1);
        await _storage.WriteStateAsync(StateName, grain, first);
        var staleEtag = first.ETag;
        first.State.Text = "second";
        await _storage.WriteStateAsync(StateName, grain, first);

        var stale = State("stale", 3);
        stale.ETag = staleEtag;
        var error = await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));

        Assert.Contains(StateName, error.Message, StringComparison.Ordinal);
        Assert.Equal(staleEtag, stale.ETag);
        var read = await ReadAsync(grain);
        Assert.Equal("second", read.State.Text);
        Assert.Equal(first.ETag, read.ETag);
    }

    [Fact]
    public async Task Write_with_no_etag_over_an_existing_record_throws_and_leaves_the_stored_state_unchanged()
    {
        var grain = NewGrainId();
        var existing = State("existing", 1);
        await _storage.WriteStateAsync(StateName, grain, existing);

        var blind = State("blind", 2);
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, blind));

        var read = await ReadAsync(grain);
        Assert.Equal("existing", read.State.Text);
        Assert.Equal(existing.ETag, read.ETag);
    }

    [Fact]
    public async Task Clear_changes_the_etag_and_a_later_read_sees_new_state()
    {
        var grain = NewGrainId();
        var state = State("to-clear", 7);
        await _storage.WriteStateAsync(StateName, grain, state);
        var writtenEtag = state.ETag;

        await _storage.ClearStateAsync(StateName, grain, state);

        Assert.NotNull(state.ETag);
        Assert.NotEqual(writtenEtag, state.ETag);
        Assert.False(state.RecordExists);
        var read = await ReadAsync(grain);
        Assert.False(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(string.Empty, read.State.Text);
        Assert.Equal(0, read.State.Number);
    }

    [Fact]
    public async Task After_clear_the_cleared_etag_can_write_but_pre_clear_and_missing_etags_cannot()
    {
        var grain = NewGrainId();
        var state = State("v1", 1);
        await _storage.WriteStateAsync(StateName, grain, state);
        var preClear = state.ETag;
        await _storage.ClearStateAsync(StateName, grain, state);

        var stale = State("stale", 2);
        stale.ETag = preClear;
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, stale));
        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.WriteStateAsync(StateName, grain, State("blind", 3)));

        state.State = new TestState { Text = "v2", Number = 2 };
        await _storage.WriteStateAsync(StateName, grain, state);
        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("v2", read.State.Text);
    }

    [Fact]
    public async Task Clear_with_a_stale_etag_throws_and_keeps_the_stored_state()
    {
        var grain = NewGrainId();
        var state = State("keep", 1);
        await _storage.WriteStateAsync(StateName, grain, state);
        var stale = State("ignored", 0);
        stale.ETag = "not-the-etag";

        await Assert.ThrowsAsync<InconsistentStateException>(() => _storage.ClearStateAsync(StateName, grain, stale));

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal("keep", read.State.Text);
    }

    [Fact]
    public async Task Different_state_names_of_one_grain_are_independent()
    {
        var grain = NewGrainId();
        var profile = State("profile", 1);
        var settings = State("settings", 2);

        await _storage.WriteStateAsync("profile", grain, profile);
        await _storage.WriteStateAsync("settings", grain, settings);
        await _storage.ClearStateAsync("profile", grain, profile);

        var readProfile = new TestGrainState<TestState>();
        var readSettings = new TestGrainState<TestState>();
        await _storage.ReadStateAsync("profile", grain, readProfile);
        await _storage.ReadStateAsync("settings", grain, readSettings);
        Assert.False(readProfile.RecordExists);
        Assert.True(readSettings.RecordExists);
        Assert.Equal("settings", readSettings.State.Text);
        Assert.Equal(settings.ETag, readSettings.ETag);
    }

    [Fact]
    public async Task Different_service_ids_sharing_a_table_do_not_see_each_others_state()
    {
        var grain = NewGrainId();
        using var otherService = CreateStorage("store", "service-b");
        await _storage.WriteStateAsync(StateName, grain, State("mine", 1));

        var seenByOther = new TestGrainState<TestState>();
        await otherService.ReadStateAsync(StateName, grain, seenByOther);

        Assert.False(seenByOther.RecordExists);
        Assert.Null(seenByOther.ETag);
    }

    [Fact]
    public async Task Oversized_state_fails_naming_the_limit_grain_and_size_and_stores_nothing()
    {
        var grain = NewGrainId();
        var huge = State(new string('x', 500 * 1024), 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => _storage.WriteStateAsync(StateName, grain, huge));

        Assert.Contains("400 KB", error.Message, StringComparison.Ordinal);
        Assert.Contains(grain.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(StateName, error.Message, StringComparison.Ordinal);
        Assert.Matches(@"is \d{6,} bytes", error.Message);
        Assert.Null(huge.ETag);
        Assert.False((await ReadAsync(grain)).RecordExists);
    }

    [Fact]
    public async Task State_just_under_the_item_limit_round_trips()
    {
        var grain = NewGrainId();
        var large = State(new string('y', 390 * 1024), 1);

        await _storage.WriteStateAsync(StateName, grain, large);

        Assert.Equal(large.State.Text, (await ReadAsync(grain)).State.Text);
    }

    [Fact]
    public async Task Items_are_keyed_by_service_grain_and_state_name()
    {
        var grain = GrainId.Create("test/grain", "a|b/c");
        await _storage.WriteStateAsync(StateName, grain, State("keyed", 1));
        using var client = TestAws.DynamoDb(moto.Endpoint);

        var item = (await client.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = new()
            {
                [DynamoDbGrainStorage.PartitionKeyAttribute] = new AttributeValue { S = $"service-a|{grain}" },
                [DynamoDbGrainStorage.StateNameAttribute] = new AttributeValue { S = StateName },
            },
            ConsistentRead = true,
        })).Item;

        Assert.NotNull(item);
        Assert.NotEmpty(item);
    }

    private DynamoDbGrainStorage CreateStorage(string name, string serviceId)
    {
        var options = MotoOptions.Apply(new DynamoDbGrainStorageOptions(), moto.Endpoint, _tableName);
        options.GrainStorageSerializer = new JsonGrainStorageSerializer(
            new OrleansJsonSerializer(Microsoft.Extensions.Options.Options.Create(new OrleansJsonSerializerOptions())));
        return new DynamoDbGrainStorage(name, serviceId, options, NullLogger<DynamoDbGrainStorage>.Instance);
    }

    private async Task<TestGrainState<TestState>> ReadAsync(GrainId grain)
    {
        var state = new TestGrainState<TestState>();
        await _storage.ReadStateAsync(StateName, grain, state);
        return state;
    }

    private static TestGrainState<TestState> State(string text, int number) =>
        new() { State = new TestState { Text = text, Number = number } };

    private static GrainId NewGrainId() => GrainId.Create("test/grain", Guid.NewGuid().ToString("N"));
}
