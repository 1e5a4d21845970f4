namespace LogGrains.Core.Content;

/// <summary>One match of a redaction rule in a message: bytes [<see cref="Start"/>, <see cref="End"/>) of rule <see cref="Rule"/> (its index in <see cref="ContentRules.RuleNames"/>).</summary>
internal readonly record struct RuleMatch(int Start, int End, int Rule);
