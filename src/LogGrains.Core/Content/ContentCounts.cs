namespace LogGrains.Core.Content;

/// <summary>What a <see cref="ContentFilterSink"/> did to the events of one object.</summary>
public sealed class ContentCounts
{
    private readonly long[] _matches;

    /// <summary>Creates zero counts for the rules of <paramref name="rules"/>.</summary>
    /// <param name="rules">The rule set counted.</param>
    public ContentCounts(ContentRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        RuleNames = rules.RuleNames;
        _matches = new long[rules.RuleNames.Count];
    }

    /// <summary>The rule names that <see cref="MatchesByRule"/> counts.</summary>
    public IReadOnlyList<string> RuleNames { get; }

    /// <summary>Events passed on (redacted or not).</summary>
    public long Kept { get; internal set; }

    /// <summary>Events dropped by <c>include_patterns</c>/<c>exclude_patterns</c>, or left empty by redaction.</summary>
    public long Excluded { get; internal set; }

    /// <summary>Kept events in which at least one rule matched.</summary>
    public long Redacted { get; internal set; }

    internal Span<long> Matches => _matches;

    /// <summary>The matches per rule name, rules without a match left out.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<string, long> MatchesByRule()
    {
        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < _matches.Length; i++)
        {
            if (_matches[i] > 0)
            {
                byRule[RuleNames[i]] = _matches[i];
            }
        }

        return byRule;
    }
}
