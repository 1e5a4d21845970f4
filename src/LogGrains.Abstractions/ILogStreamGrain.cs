namespace LogGrains.Abstractions;

/// <summary>
/// One CloudWatch Logs stream of one tenant (key: <see cref="LogStreamKey"/>). Not reentrant: one
/// PutLogEvents in flight, a checkpoint after every accepted batch, so a redelivered object resumes
/// where it stopped and no accepted event is sent twice.
/// </summary>
public interface ILogStreamGrain : IGrainWithStringKey
{
    /// <summary>Delivers the object's events into this stream, resuming from its checkpoint.</summary>
    Task<StreamOutcome> Deliver(StreamDelivery delivery);

    /// <summary>The stream's checkpoint for an object key: events pieces accepted, and whether it is complete.</summary>
    Task<ObjectProgress?> GetProgress(string objectKey);
}
