using System.Text.Unicode;
using LogGrains.Core.Batching;
using LogGrains.Core.Events;

namespace LogGrains.Core.Content;

/// <summary>
/// Applies a delivery's <see cref="ContentRules"/> to each decoded event on its way from the decoder to the
/// <see cref="BatchPlanner"/>: drops it, passes it on unchanged, or passes on its redacted text; and counts which.
/// </summary>
/// <remarks>
/// <para>
/// The planner numbers the pieces of the events it receives, that is after this filter: a checkpoint stays exact
/// across a retry as long as the rules did not change in between (docs/CONTENT-RULES.md).
/// </para>
/// <para>
/// The decoder's escaped-JSON fast path hands over a message with its JSON escapes still in it. A secret can hide
/// behind escapes (<c>\u0040</c> for <c>@</c>, <c>\"</c> around a secret key's name), so this sink takes the fast path
/// only when it can tell from the escaped bytes that no rule can match the unescaped text: no rule needs the text as
/// such (include/exclude or a custom pattern), no <c>\u</c> escape is present, and no built-in rule finds a candidate
/// (<see cref="BuiltInRules.MayMatchEscaped"/>). Otherwise it declines and the decoder hands the message over unescaped,
/// as it does for any other sink. Correctness first; the fast path is kept for the common line without a candidate.
/// </para>
/// <para>Not thread-safe: one per object being planned. Dispose to return its buffers.</para>
/// </remarks>
public sealed class ContentFilterSink : IValidUtf8EventSink, IDisposable
{
    private readonly ContentRules _rules;
    private readonly IValidUtf8EventSink _next;
    private readonly ContentScratch _scratch = new();

    /// <summary>Puts <paramref name="rules"/> in front of <paramref name="planner"/>.</summary>
    /// <param name="rules">The compiled rules.</param>
    /// <param name="planner">The planner that gets the kept events.</param>
    public ContentFilterSink(ContentRules rules, BatchPlanner planner)
        : this(rules, (IValidUtf8EventSink)planner)
    {
    }

    internal ContentFilterSink(ContentRules rules, IValidUtf8EventSink next)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(next);
        _rules = rules;
        _next = next;
        Counts = new ContentCounts(rules);
    }

    /// <summary>What the rules did so far.</summary>
    public ContentCounts Counts { get; }

    /// <inheritdoc/>
    /// <remarks>A message that is not valid UTF-8 goes on unfiltered, so that the planner refuses it with its own message.</remarks>
    public void Add(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        if (!Utf8.IsValid(messageUtf8))
        {
            _next.Add(timestampMs, messageUtf8);
            return;
        }

        AddValidUtf8(timestampMs, messageUtf8);
    }

    /// <inheritdoc/>
    public void AddValidUtf8(long timestampMs, ReadOnlySpan<byte> messageUtf8)
    {
        if (messageUtf8.IsEmpty || _rules.IsEmpty)
        {
            _next.AddValidUtf8(timestampMs, messageUtf8);
            Counts.Kept++;
            return;
        }

        if (!_rules.Keeps(messageUtf8, _scratch))
        {
            Counts.Excluded++;
            return;
        }

        if (!_rules.TryRedact(messageUtf8, _scratch, Counts.Matches, out var redacted))
        {
            _next.AddValidUtf8(timestampMs, messageUtf8);
            Counts.Kept++;
            return;
        }

        if (redacted.IsEmpty)
        {
            // CloudWatch takes no empty event; a custom rule that replaced everything by nothing dropped it.
            Counts.Excluded++;
            return;
        }

        _next.AddValidUtf8(timestampMs, redacted);
        Counts.Kept++;
        Counts.Redacted++;
    }

    /// <inheritdoc/>
    public bool TryAddValidEscapedUtf8(long timestampMs, ReadOnlySpan<byte> escapedUtf8, int unescapedLength)
    {
        if (!_rules.IsEmpty
            && (_rules.NeedsText
                || escapedUtf8.IndexOf("\\u"u8) >= 0
                || BuiltInRules.MayMatchEscaped(_rules.BuiltIns, escapedUtf8, _scratch.Matches)))
        {
            return false;
        }

        if (!_next.TryAddValidEscapedUtf8(timestampMs, escapedUtf8, unescapedLength))
        {
            return false;
        }

        Counts.Kept++;
        return true;
    }

    /// <summary>Returns the pooled buffers.</summary>
    public void Dispose() => _scratch.Dispose();
}
