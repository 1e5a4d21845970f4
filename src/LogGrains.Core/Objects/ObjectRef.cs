namespace LogGrains.Core.Objects;

/// <summary>
/// One staged S3 object as announced by an S3 event notification.
/// </summary>
/// <param name="Bucket">The staging bucket.</param>
/// <param name="Key">The object key, already URL-decoded exactly once.</param>
/// <param name="Size">The object size in bytes as announced (0 when the event did not say).</param>
/// <param name="ETag">The object's ETag as announced, without quotes; empty when unknown.</param>
/// <param name="Sequencer">The S3 sequencer string, used to order events for the same key; empty when unknown.</param>
/// <param name="EventTime">The S3 event time as announced; once the key is parsed, the object's event time
/// (<see cref="Keys.ObjectEventTime"/>): the fallback timestamp for records without a usable one, stable across retries.</param>
public sealed record ObjectRef(string Bucket, string Key, long Size, string ETag, string Sequencer, DateTimeOffset EventTime);
