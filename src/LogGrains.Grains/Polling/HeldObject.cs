using LogGrains.Abstractions;

namespace LogGrains.Grains.Polling;

/// <summary>One record of a held message, waiting in the fair order or in delivery.</summary>
/// <param name="Message">The message it came in.</param>
/// <param name="Index">Its position among the message's records.</param>
/// <param name="Staged">The object, its key parsed.</param>
/// <param name="ReceivedAt">When its message was received (<see cref="TimeProvider.GetTimestamp"/>).</param>
internal sealed record HeldObject(HeldMessage Message, int Index, StagedObject Staged, long ReceivedAt);
