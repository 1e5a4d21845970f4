using LogGrains.Core.Objects;

namespace LogGrains.Abstractions;

/// <summary>
/// A staged S3 object on its way through the cluster, with the parts of its key that routing needs
/// (parsed once, by the poller, with the configured key layout). <c>EventTime</c> is the object's resolved event time
/// (<c>ObjectEventTime.Of</c>: the collector's <c>{ts}</c> in the file name, else the S3 time), the same for a
/// notification and a replay.
/// </summary>
[GenerateSerializer, Immutable, Alias("loggrains.StagedObject")]
public sealed record StagedObject(
    [property: Id(0)] string Bucket,
    [property: Id(1)] string Key,
    [property: Id(2)] long Size,
    [property: Id(3)] string ETag,
    [property: Id(4)] string Sequencer,
    [property: Id(5)] DateTimeOffset EventTime,
    [property: Id(6)] string Tenant,
    [property: Id(7)] string ClusterId,
    [property: Id(8)] string Application,
    [property: Id(9)] string PodName,
    [property: Id(10)] string FileName)
{
    /// <summary>The object reference the ports take.</summary>
    public ObjectRef ToObjectRef() => new(Bucket, Key, Size, ETag, Sequencer, EventTime);
}
