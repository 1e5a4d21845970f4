using LogGrains.Abstractions;
using LogGrains.Core.Tenants;

namespace LogGrains.Grains.Polling;

/// <summary>One record of a held message, waiting in the fair order or in delivery.</summary>
/// <param name="Message">The message it came in.</param>
/// <param name="Index">Its position among the message's records.</param>
/// <param name="Staged">The object, its key parsed.</param>
/// <param name="ReceivedAt">When its message was received (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal sealed record HeldObject(HeldMessage Message, int Index, StagedObject Staged, long ReceivedAt)
{
    /// <summary>
    /// The log stream the object most likely goes to, as the fair order counts streams: cluster, application, pod and the
    /// UTC day of its event time, which is what the default stream name template (<c>{application}-{pod_name}-{date}</c>)
    /// distinguishes, plus the cluster. A template that puts several pods in one stream makes this count more streams
    /// than there are, which only makes the stream cap stricter.
    /// </summary>
    public string Stream { get; } = string.Join('/', Staged.ClusterId, Staged.Application, Staged.PodName, StreamNameTemplate.DateOf(Staged.EventTime));
}
