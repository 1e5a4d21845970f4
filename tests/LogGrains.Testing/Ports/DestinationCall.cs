using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>One call the fake destination received, in arrival order.</summary>
/// <param name="Operation"><c>CreateLogStream</c> (an ensure), <c>PutLogEvents</c> or <c>GetLogEvents</c> (a readback).</param>
/// <param name="Target">The stream.</param>
/// <param name="Events">The request's events in send order (PutLogEvents), or the events read back (GetLogEvents).</param>
/// <param name="Accepted">Whether the call succeeded.</param>
public sealed record DestinationCall(string Operation, LogTarget Target, IReadOnlyList<SentEvent> Events, bool Accepted)
{
    public const string CreateLogStream = "CreateLogStream";
    public const string PutLogEvents = "PutLogEvents";
    public const string GetLogEvents = "GetLogEvents";
}
