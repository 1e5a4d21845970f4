using LogGrains.Core.Ports;

namespace LogGrains.Grains.Tests.Fakes;

/// <summary>One call the fake destination received, in arrival order.</summary>
/// <param name="Operation"><c>CreateLogStream</c> (an ensure) or <c>PutLogEvents</c>.</param>
/// <param name="Target">The stream.</param>
/// <param name="Events">The request's events in send order (PutLogEvents only).</param>
/// <param name="Accepted">Whether the call succeeded.</param>
internal sealed record DestinationCall(string Operation, LogTarget Target, IReadOnlyList<SentEvent> Events, bool Accepted)
{
    public const string CreateLogStream = "CreateLogStream";
    public const string PutLogEvents = "PutLogEvents";
}
