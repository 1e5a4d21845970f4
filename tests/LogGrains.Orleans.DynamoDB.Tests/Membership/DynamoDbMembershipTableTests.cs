using LogGrains.Testing.Moto;

namespace LogGrains.Orleans.DynamoDB.Tests.Membership;

/// <summary>
/// The membership conformance suite. It talks to moto through <see cref="SerializingProxy"/> because moto's
/// transactions are not atomic across concurrent requests; the clients below still race each other.
/// </summary>
[Collection(MotoTests.Collection)]
public sealed class DynamoDbMembershipTableTests(MotoServer moto) : IAsyncLifetime
{
    private SerializingProxy _proxy = null!;
    private MembershipTableHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _proxy = await SerializingProxy.StartAsync(moto.Endpoint);
        _harness = new MembershipTableHarness(_proxy.Endpoint);
    }

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Freshly_initialized_table_reads_as_version_0_with_no_rows()
    {
        using var table = await _harness.InitializedTableAsync();

        var data = await table.ReadAllAsync();

        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
        Assert.Empty(data.Members);
    }

    [Fact]
    public async Task Initializing_twice_keeps_the_existing_version_row()
    {
        using var table = await _harness.InitializedTableAsync();
        var first = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(), first.Next()));

        using var second = await _harness.InitializedTableAsync();
        var data = await second.ReadAllAsync();

        Assert.Equal(1, data.Version.Version);
        Assert.Single(data.Members);
    }

    [Fact]
    public async Task Inserted_row_reads_back_with_every_field_and_bumps_the_version()
    {
        using var table = await _harness.InitializedTableAsync();
        var version = (await table.ReadAllAsync()).Version;
        var entry = MembershipTableHarness.Entry();
        entry.AddOrUpdateSuspector(MembershipTableHarness.Entry().SiloAddress, DateTime.UtcNow, 5);

        Assert.True(await table.InsertRowAsync(entry, version.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.NotEqual(version.VersionEtag, data.Version.VersionEtag);
        var (read, etag) = Assert.Single(data.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        AssertSameEntry(entry, read);
    }

    [Fact]
    public async Task ReadRow_returns_only_the_requested_silo_with_the_table_version()
    {
        using var table = await _harness.InitializedTableAsync();
        var a = MembershipTableHarness.Entry();
        var b = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(a, (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(b, (await table.ReadAllAsync()).Version.Next()));

        var row = await table.ReadRowAsync(b.SiloAddress);
        var missing = await table.ReadRowAsync(MembershipTableHarness.Entry().SiloAddress);

        Assert.Equal(2, row.Version.Version);
        var (read, _) = Assert.Single(row.Members);
        AssertSameEntry(b, read);
        Assert.Equal(2, missing.Version.Version);
        Assert.Empty(missing.Members);
    }

    [Fact]
    public async Task Insert_of_a_silo_already_present_fails_without_side_effects()
    {
        using var table = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();

        var again = MembershipTableHarness.Entry();
        again.SiloAddress = entry.SiloAddress;
        again.Status = SiloStatus.Dead;
        Assert.False(await table.InsertRowAsync(again, before.Version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(SiloStatus.Joining, Assert.Single(after.Members).Item1.Status);
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_etag_fails_without_side_effects()
    {
        using var table = await _harness.InitializedTableAsync();
        var stale = (await table.ReadAllAsync()).Version;
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(), stale.Next()));

        var loser = MembershipTableHarness.Entry();
        Assert.False(await table.InsertRowAsync(loser, stale.Next()));

        var data = await table.ReadAllAsync();
        Assert.Equal(1, data.Version.Version);
        Assert.Null(data.TryGet(loser.SiloAddress));
    }

    [Fact]
    public async Task Update_with_current_etags_succeeds_and_gives_the_row_a_new_etag()
    {
        using var table = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadRowAsync(entry.SiloAddress);
        var (current, etag) = read.Members[0];

        current.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(current, etag, read.Version.Next()));

        var after = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.NotEqual(etag, after.Members[0].Item2);
    }

    [Fact]
    public async Task Update_with_a_stale_row_etag_fails_without_side_effects()
    {
        using var table = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var first = await table.ReadRowAsync(entry.SiloAddress);
        var (current, staleEtag) = first.Members[0];
        current.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(current, staleEtag, first.Version.Next()));
        var fresh = await table.ReadRowAsync(entry.SiloAddress);

        current.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(current, staleEtag, fresh.Version.Next()));

        var after = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(fresh.Version, after.Version);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
    }

    [Fact]
    public async Task Update_with_a_stale_table_version_etag_fails_without_side_effects()
    {
        using var table = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        var other = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var read = await table.ReadRowAsync(entry.SiloAddress);
        Assert.True(await table.InsertRowAsync(other, read.Version.Next()));

        var (current, etag) = read.Members[0];
        current.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(current, etag, read.Version.Next()));

        var after = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(2, after.Version.Version);
        Assert.Equal(SiloStatus.Joining, after.Members[0].Item1.Status);
        Assert.Equal(etag, after.Members[0].Item2);
    }

    [Fact]
    public async Task Update_of_a_silo_without_a_row_fails()
    {
        using var table = await _harness.InitializedTableAsync();
        var version = (await table.ReadAllAsync()).Version;

        Assert.False(await table.UpdateRowAsync(MembershipTableHarness.Entry(), "no-such-etag", version.Next()));

        var after = await table.ReadAllAsync();
        Assert.Equal(version, after.Version);
        Assert.Empty(after.Members);
    }

    [Fact]
    public async Task Twenty_concurrent_inserts_of_the_same_silo_have_exactly_one_winner()
    {
        using var setup = await _harness.InitializedTableAsync();
        var version = (await setup.ReadAllAsync()).Version;
        var entry = MembershipTableHarness.Entry();
        var tables = Enumerable.Range(0, 20).Select(_ => _harness.Table()).ToList();
        try
        {
            var results = await Task.WhenAll(tables.Select(t => Task.Run(() => t.InsertRowAsync(entry, version.Next()))));

            Assert.Equal(1, results.Count(r => r));
            var data = await setup.ReadAllAsync();
            Assert.Equal(1, data.Version.Version);
            Assert.Single(data.Members);
        }
        finally
        {
            tables.ForEach(t => t.Dispose());
        }
    }

    [Fact]
    public async Task Concurrent_compare_and_swap_updates_that_retry_on_conflict_all_land_exactly_once()
    {
        // Version 0 after initialization, 1 after the insert; each of the 19 updaters then wins exactly one
        // compare-and-swap (losers re-read and retry), and every win adds exactly one: 1 + 19 = 20.
        const int updaters = 19;
        using var setup = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        Assert.True(await setup.InsertRowAsync(entry, (await setup.ReadAllAsync()).Version.Next()));
        var tables = Enumerable.Range(0, updaters).Select(_ => _harness.Table()).ToList();
        try
        {
            var attempts = await Task.WhenAll(tables.Select((t, i) => Task.Run(async () =>
            {
                var tries = 0;
                while (true)
                {
                    tries++;
                    var read = await t.ReadRowAsync(entry.SiloAddress);
                    var (current, etag) = read.Members[0];
                    current.AddOrUpdateSuspector(MembershipTableHarness.Entry().SiloAddress, DateTime.UtcNow, updaters + 1);
                    current.FaultZone = i;
                    if (await t.UpdateRowAsync(current, etag, read.Version.Next()))
                    {
                        return tries;
                    }

                    // Jitter, as any compare-and-swap client backs off, so that 19 racers do not retry in lockstep.
                    await Task.Delay(Random.Shared.Next(1, 30));
                }
            })));

            var data = await setup.ReadAllAsync();
            Assert.Equal(1 + updaters, data.Version.Version);
            Assert.Equal(updaters, Assert.Single(data.Members).Item1.SuspectTimes!.Count);
            Assert.True(attempts.Sum() >= updaters);
        }
        finally
        {
            tables.ForEach(t => t.Dispose());
        }
    }

    [Fact]
    public async Task IAmAlive_changes_only_the_heartbeat_so_an_update_with_etags_read_before_it_still_succeeds()
    {
        using var table = await _harness.InitializedTableAsync();
        var entry = MembershipTableHarness.Entry();
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadRowAsync(entry.SiloAddress);
        var (current, etag) = before.Members[0];

        var heartbeat = DateTime.UtcNow.AddMinutes(5);
        current.IAmAliveTime = heartbeat;
        await table.UpdateIAmAliveAsync(current);

        var afterHeartbeat = await table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal(heartbeat, afterHeartbeat.Members[0].Item1.IAmAliveTime);
        Assert.Equal(etag, afterHeartbeat.Members[0].Item2);
        Assert.Equal(before.Version, afterHeartbeat.Version);
        Assert.Equal(SiloStatus.Joining, afterHeartbeat.Members[0].Item1.Status);

        current.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRowAsync(current, etag, before.Version.Next()));
        Assert.Equal(SiloStatus.Active, (await table.ReadRowAsync(entry.SiloAddress)).Members[0].Item1.Status);
    }

    [Fact]
    public async Task IAmAlive_for_a_silo_without_a_row_fails_naming_the_table_and_creates_nothing()
    {
        using var table = await _harness.InitializedTableAsync();
        var ghost = MembershipTableHarness.Entry();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.UpdateIAmAliveAsync(ghost));

        Assert.Contains(_harness.TableName, error.Message, StringComparison.Ordinal);
        Assert.Empty((await table.ReadAllAsync()).Members);
    }

    [Fact]
    public async Task Cleanup_removes_only_dead_silos_last_seen_before_the_cutoff()
    {
        using var table = await _harness.InitializedTableAsync();
        var now = DateTime.UtcNow;
        var oldDead = MembershipTableHarness.Entry(SiloStatus.Dead, iAmAlive: now.AddHours(-2));
        oldDead.StartTime = now.AddHours(-3);
        var recentDead = MembershipTableHarness.Entry(SiloStatus.Dead, iAmAlive: now);
        var oldActive = MembershipTableHarness.Entry(SiloStatus.Active, iAmAlive: now.AddHours(-2));
        oldActive.StartTime = now.AddHours(-3);
        foreach (var entry in new[] { oldDead, recentDead, oldActive })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntriesAsync(now.AddHours(-1));

        var data = await table.ReadAllAsync();
        Assert.Null(data.TryGet(oldDead.SiloAddress));
        Assert.NotNull(data.TryGet(recentDead.SiloAddress));
        Assert.NotNull(data.TryGet(oldActive.SiloAddress));
        Assert.Equal(3, data.Version.Version);
    }

    [Fact]
    public async Task Deleting_a_clusters_entries_leaves_other_clusters_in_the_same_table_alone()
    {
        var otherCluster = MotoServer.UniqueName("other");
        using var table = await _harness.InitializedTableAsync();
        using var other = await _harness.InitializedTableAsync(otherCluster);
        Assert.True(await table.InsertRowAsync(MembershipTableHarness.Entry(), (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await other.InsertRowAsync(MembershipTableHarness.Entry(), (await other.ReadAllAsync()).Version.Next()));

        await table.DeleteMembershipTableEntriesAsync(_harness.ClusterId);

        var gone = await table.ReadAllAsync();
        Assert.Empty(gone.Members);
        Assert.Equal(0, gone.Version.Version);
        var kept = await other.ReadAllAsync();
        Assert.Single(kept.Members);
        Assert.Equal(1, kept.Version.Version);
    }

    [Fact]
    public async Task Gateway_list_holds_only_active_silos_at_their_gateway_ports()
    {
        using var table = await _harness.InitializedTableAsync();
        var active = MembershipTableHarness.Entry(SiloStatus.Active, proxyPort: 30123);
        var joining = MembershipTableHarness.Entry(SiloStatus.Joining, proxyPort: 30124);
        var dead = MembershipTableHarness.Entry(SiloStatus.Dead, proxyPort: 30125);
        var noGateway = MembershipTableHarness.Entry(SiloStatus.Active, proxyPort: 0);
        foreach (var entry in new[] { active, joining, dead, noGateway })
        {
            Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        }

        using var provider = _harness.Gateways();
        await provider.InitializeGatewayListProvider();
        var gateways = await provider.GetGateways();

        var expected = SiloAddress.New(active.SiloAddress.Endpoint.Address, 30123, active.SiloAddress.Generation).ToGatewayUri();
        Assert.Equal(expected, Assert.Single(gateways));
    }

    private static void AssertSameEntry(MembershipEntry expected, MembershipEntry actual)
    {
        Assert.Equal(expected.SiloAddress, actual.SiloAddress);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.ProxyPort, actual.ProxyPort);
        Assert.Equal(expected.HostName, actual.HostName);
        Assert.Equal(expected.SiloName, actual.SiloName);
        Assert.Equal(expected.RoleName, actual.RoleName);
        Assert.Equal(expected.UpdateZone, actual.UpdateZone);
        Assert.Equal(expected.FaultZone, actual.FaultZone);
        Assert.Equal(expected.StartTime, actual.StartTime);
        Assert.Equal(expected.IAmAliveTime, actual.IAmAliveTime);
        var expectedSuspects = expected.SuspectTimes ?? [];
        var actualSuspects = actual.SuspectTimes ?? [];
        Assert.Equal(expectedSuspects.Count, actualSuspects.Count);
        foreach (var (e, a) in expectedSuspects.Zip(actualSuspects))
        {
            Assert.Equal(e.Item1, a.Item1);
            Assert.Equal(e.Item2, a.Item2);
        }
    }
}
