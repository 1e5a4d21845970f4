namespace LogGrains.Core.Content;

/// <summary>What a rule set does to one message.</summary>
/// <param name="Kept">Whether the event is delivered (false when include/exclude drop it, or redaction leaves it empty).</param>
/// <param name="Text">The message as delivered (the original when dropped).</param>
/// <param name="Matches">The matches per redaction rule name; rules without a match are left out.</param>
public sealed record ContentSample(bool Kept, string Text, IReadOnlyDictionary<string, long> Matches);
