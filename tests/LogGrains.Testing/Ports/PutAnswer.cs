using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>How the fake destination answers one PutLogEvents request; unscripted requests are accepted whole.</summary>
public abstract record PutAnswer
{
    /// <summary>ThrottlingException: transient, counted as a throttle.</summary>
    public sealed record Throttle : PutAnswer;

    /// <summary>A classified failure, e.g. a stream that vanished and cannot be recreated (tenant-blocked).</summary>
    public sealed record Fail(DeliveryErrorClass ErrorClass, string Detail) : PutAnswer;

    /// <summary>Accepted with <c>rejectedLogEventsInfo</c>: indexes in the order the events were sent.</summary>
    public sealed record Reject(int? TooNewStartIndex, int? TooOldEndIndex, int? ExpiredEndIndex) : PutAnswer;

    /// <summary>Accepted, but only once the gate is opened: the request stays in flight until then.</summary>
    public sealed record Hold(Gate Gate) : PutAnswer;
}
