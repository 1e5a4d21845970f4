using LogGrains.Abstractions;
using LogGrains.Core.Ports;

namespace LogGrains.Grains.Tests;

/// <summary>A log stream of its own for one test: its grain, and the target the fakes record it under.</summary>
internal sealed record TestStream(string Tenant, ILogStreamGrain Grain, LogTarget Target)
{
    public static TestStream Create(GrainWorld world, string name)
    {
        var tenant = GrainWorld.Unique(name);
        var key = new LogStreamKey(tenant, GrainWorld.Region, GrainWorld.LogGroup, "app-pod-0");
        return new TestStream(tenant, world.Grains.GetGrain<ILogStreamGrain>(key.ToString()), new LogTarget(key.Tenant, key.Region, key.LogGroupName, key.LogStreamName));
    }

    /// <summary>A new object of <paramref name="events"/> events for this stream, put in the fake bucket.</summary>
    public StagedFile Stage(GrainWorld world, int events, DateTimeOffset? firstTimestamp = null, int spacingMs = 1)
    {
        var file = StagedFile.Create(Tenant, "app", "pod-0", events, firstTimestamp ?? DateTimeOffset.UtcNow.AddHours(-1), spacingMs);
        world.Objects.Put(file.Key, file.Content);
        return file;
    }

    /// <summary><paramref name="count"/> objects of <paramref name="events"/> events that start at the same time, an hour ago: they share requests.</summary>
    public List<StagedFile> StageMany(GrainWorld world, int count, int events)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        return [.. Enumerable.Range(0, count).Select(_ => Stage(world, events, start))];
    }

    public Task<StreamOutcome> Deliver(StagedFile file) => Grain.Deliver(Deliveries.For(file));

    /// <summary>Announces every file at once.</summary>
    public Task<StreamOutcome[]> DeliverAll(IEnumerable<StagedFile> files) => Task.WhenAll(files.Select(Deliver));

    /// <summary>
    /// Delivers the files while their checkpoints cannot be stored (one save fails), loses the activation, and announces
    /// them again: what the first and the second round answered.
    /// </summary>
    public async Task<(StreamOutcome[] First, StreamOutcome[] Again)> DeliverLosingCheckpoints(GrainWorld world, IReadOnlyList<StagedFile> files)
    {
        world.Checkpoints.FailSaves(Target, 1);
        var first = await DeliverAll(files);
        await world.Cluster.DeactivateAsync(Grain);
        return (first, await DeliverAll(files));
    }

    /// <inheritdoc cref="DeliverLosingCheckpoints(GrainWorld, IReadOnlyList{StagedFile})"/>
    public async Task<(StreamOutcome First, StreamOutcome Again)> DeliverLosingCheckpoints(GrainWorld world, StagedFile file)
    {
        var (first, again) = await DeliverLosingCheckpoints(world, [file]);
        return (first[0], again[0]);
    }
}
