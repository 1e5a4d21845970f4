using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class ExistenceCheckTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;
    private CloudWatchLogsClient _client = null!;
    private CloudWatchLogsClient _direct = null!;

    public async Task InitializeAsync()
    {
        _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);
        _client = TestClients.Through(_proxy.Endpoint);
        _direct = TestClients.Through(moto.Endpoint);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _direct.Dispose();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task Stream_exists_only_by_exact_name_even_when_the_prefix_matches_three_pages_of_streams()
    {
        var target = TestClients.Target();
        var group = TestClients.GroupName();
        await _direct.CreateLogGroupAsync(target, group, CancellationToken.None);
        foreach (var i in Enumerable.Range(0, 120))
        {
            await _direct.CreateLogStreamAsync(target, group, $"app-{i}", CancellationToken.None);
        }

        var appBefore = await _client.LogStreamExistsAsync(target, group, "app", CancellationToken.None);
        var pagesRead = _proxy.Count("logs", "DescribeLogStreams");
        var app119 = await _client.LogStreamExistsAsync(target, group, "app-119", CancellationToken.None);
        var app1 = await _client.LogStreamExistsAsync(target, group, "app-1", CancellationToken.None);
        var created = await _client.CreateLogStreamAsync(target, group, "app", CancellationToken.None);
        var appAfter = await _client.LogStreamExistsAsync(target, group, "app", CancellationToken.None);

        Assert.False(appBefore);
        Assert.Equal(3, pagesRead);
        Assert.True(app119);
        Assert.True(app1);
        Assert.True(created);
        Assert.True(appAfter);
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Group_named_like_the_prefix_of_others_is_absent_until_created()
    {
        var target = TestClients.Target();
        var root = TestClients.GroupName("tenant");
        var group = root + "/app";
        foreach (var i in Enumerable.Range(0, 60))
        {
            await _direct.CreateLogGroupAsync(target, $"{group}-{i}", CancellationToken.None);
        }

        var before = await _client.LogGroupExistsAsync(target, group, CancellationToken.None);
        var pagesRead = _proxy.Count("logs", "DescribeLogGroups");
        var sibling = await _client.LogGroupExistsAsync(target, group + "-2", CancellationToken.None);
        var created = await _client.CreateLogGroupAsync(target, group, CancellationToken.None);
        var after = await _client.LogGroupExistsAsync(target, group, CancellationToken.None);

        Assert.False(before);
        Assert.Equal(2, pagesRead);
        Assert.True(sibling);
        Assert.True(created);
        Assert.True(after);
        _proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task Stream_in_a_missing_group_does_not_exist()
    {
        var exists = await _client.LogStreamExistsAsync(TestClients.Target(), TestClients.GroupName("missing"), "s", CancellationToken.None);

        Assert.False(exists);
        _proxy.AssertNoLimitViolations();
    }
}
