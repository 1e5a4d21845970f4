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

    public Task<StreamOutcome> Deliver(StagedFile file) => Grain.Deliver(Deliveries.For(file));
}
