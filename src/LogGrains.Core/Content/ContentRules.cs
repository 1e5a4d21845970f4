using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace LogGrains.Core.Content;

/// <summary>
/// A delivery's content rules, compiled and validated: which events to keep (<c>include_patterns</c>,
/// <c>exclude_patterns</c>) and what to redact in them (<c>redact</c>). Immutable and thread-safe; one instance per
/// distinct <see cref="ContentRuleSpec"/> (see <see cref="TryCompile"/>).
/// </summary>
/// <remarks>
/// <para>
/// Tenant patterns cannot stall a silo: each is compiled with <see cref="RegexOptions.NonBacktracking"/>, whose matching
/// time is linear in the message length, and is at most <see cref="MaxPatternLength"/> characters; a list holds at most
/// <see cref="MaxRules"/> entries. A pattern the engine refuses (a lookaround or backreference, which linear-time matching
/// cannot run, or a syntax error) makes the spec invalid, with a reason naming the field and the entry's index.
/// </para>
/// <para>
/// Order: include/exclude look at the message as decoded (before any redaction); then the built-in rules run over the
/// message and every match becomes <c>[REDACTED:&lt;rule&gt;]</c> (overlapping matches of two rules become one, named
/// after the first); then each custom rule, in order, replaces its non-empty matches in the result with its literal
/// replacement.
/// </para>
/// </remarks>
public sealed class ContentRules
{
    /// <summary>The longest pattern accepted, in characters.</summary>
    public const int MaxPatternLength = 1024;

    /// <summary>The most entries each of <c>include_patterns</c>, <c>exclude_patterns</c> and <c>redact</c> may hold.</summary>
    public const int MaxRules = 32;

    /// <summary>The longest custom rule name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest custom replacement, in characters.</summary>
    public const int MaxReplacementLength = 256;

    private const RegexOptions PatternOptions = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<ContentRuleSpec, CompileResult> Cache = new();

    private readonly Regex[] _include;
    private readonly Regex[] _exclude;
    private readonly (BuiltInRule Rule, int Index)[] _builtIns;
    private readonly BuiltInRule _builtInSet;
    private readonly CustomRule[] _custom;
    private readonly byte[][] _markers;

    private ContentRules(ContentRuleSpec spec, Regex[] include, Regex[] exclude, (BuiltInRule, int)[] builtIns, CustomRule[] custom, string[] names)
    {
        Spec = spec;
        _include = include;
        _exclude = exclude;
        _builtIns = builtIns;
        _custom = custom;
        RuleNames = names;
        foreach (var (rule, _) in builtIns)
        {
            _builtInSet |= rule;
        }

        _markers = [.. names.Select(n => Encoding.UTF8.GetBytes($"[REDACTED:{n}]"))];
    }

    /// <summary>No rules: every event is kept unchanged.</summary>
    public static ContentRules None { get; } = new(ContentRuleSpec.None, [], [], [], [], []);

    /// <summary>The spec this rule set was compiled from.</summary>
    public ContentRuleSpec Spec { get; }

    /// <summary>The redaction rules' names in <c>redact</c> order; match counts are indexed like this list.</summary>
    public IReadOnlyList<string> RuleNames { get; }

    /// <summary>Whether there is no rule at all.</summary>
    public bool IsEmpty => Spec.IsEmpty;

    /// <summary>
    /// Whether a rule needs the message as text (a regular expression): then a JSON-escaped message must be unescaped
    /// before the rules can look at it.
    /// </summary>
    internal bool NeedsText => _include.Length > 0 || _exclude.Length > 0 || _custom.Length > 0;

    /// <summary>The built-in rules in this set.</summary>
    internal BuiltInRule BuiltIns => _builtInSet;

    /// <summary>
    /// Compiles and validates <paramref name="spec"/>. The same spec (equal entries) gives the same instance, so that
    /// re-reading a tenant's configuration every cache period does not compile its patterns again.
    /// </summary>
    /// <param name="spec">The rules as configured.</param>
    /// <param name="rules">The compiled rules when valid, else null.</param>
    /// <param name="reasons">Every problem found, each naming the field and the entry's index; empty when valid.</param>
    /// <returns>Whether the spec is valid.</returns>
    public static bool TryCompile(ContentRuleSpec spec, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ContentRules? rules, out IReadOnlyList<string> reasons)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.IsEmpty)
        {
            rules = None;
            reasons = [];
            return true;
        }

        if (!Cache.TryGetValue(spec, out var result))
        {
            result = Compile(spec);
            if (Cache.Count >= MaxCached)
            {
                Cache.Clear();
            }

            result = Cache.GetOrAdd(spec, result);
        }

        rules = result.Rules;
        reasons = result.Reasons;
        return rules is not null;
    }

    /// <summary>Whether the include/exclude patterns keep an event with this message (valid UTF-8).</summary>
    internal bool Keeps(ReadOnlySpan<byte> message, ContentScratch scratch)
    {
        if (_include.Length == 0 && _exclude.Length == 0)
        {
            return true;
        }

        var chars = scratch.Chars(message.Length);
        var text = chars.AsSpan(0, Encoding.UTF8.GetChars(message, chars));
        return Keeps(text);
    }

    private bool Keeps(ReadOnlySpan<char> text)
    {
        if (_include.Length > 0)
        {
            var included = false;
            foreach (var regex in _include)
            {
                if (regex.IsMatch(text))
                {
                    included = true;
                    break;
                }
            }

            if (!included)
            {
                return false;
            }
        }

        foreach (var regex in _exclude)
        {
            if (regex.IsMatch(text))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Applies the redaction rules to a message (valid UTF-8). Adds each rule's matches to <paramref name="matchCounts"/>
    /// (indexed like <see cref="RuleNames"/>).
    /// </summary>
    /// <returns>Whether anything was redacted; then <paramref name="redacted"/> is the new message, valid UTF-8, in <paramref name="scratch"/>, possibly empty.</returns>
    internal bool TryRedact(ReadOnlySpan<byte> message, ContentScratch scratch, Span<long> matchCounts, out ReadOnlySpan<byte> redacted)
    {
        redacted = default;
        var matches = scratch.Matches;
        matches.Clear();
        foreach (var (rule, index) in _builtIns)
        {
            BuiltInRules.Find(rule, message, index, matches);
        }

        var current = message;
        var changed = false;
        if (matches.Count > 0)
        {
            current = WriteRedacted(message, matches, scratch, matchCounts);
            changed = true;
        }

        if (_custom.Length > 0 && ApplyCustom(current, scratch, matchCounts, out var custom))
        {
            current = custom;
            changed = true;
        }

        if (changed)
        {
            redacted = current;
        }

        return changed;
    }

    /// <summary>Runs the rules over one message, for the CLI's <c>tenants validate --sample</c> and for tests.</summary>
    /// <param name="message">The message.</param>
    /// <returns>Whether it is kept, the text delivered, and the matches per rule name (rules with none left out).</returns>
    public ContentSample Apply(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var scratch = new ContentScratch();
        var bytes = Encoding.UTF8.GetBytes(message);
        if (!Keeps(bytes, scratch))
        {
            return new ContentSample(false, message, new Dictionary<string, long>(StringComparer.Ordinal));
        }

        var counts = new long[RuleNames.Count];
        var text = TryRedact(bytes, scratch, counts, out var redacted) ? Encoding.UTF8.GetString(redacted) : message;
        var byRule = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                byRule[RuleNames[i]] = counts[i];
            }
        }

        return new ContentSample(text.Length > 0, text, byRule);
    }

    private ReadOnlySpan<byte> WriteRedacted(ReadOnlySpan<byte> message, List<RuleMatch> matches, ContentScratch scratch, Span<long> matchCounts)
    {
        matches.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Rule.CompareTo(b.Rule));
        var markerBytes = 0;
        foreach (var match in matches)
        {
            matchCounts[match.Rule]++;
            markerBytes += _markers[match.Rule].Length;
        }

        var output = scratch.Bytes(message.Length + markerBytes);
        var written = 0;
        var copied = 0;
        var i = 0;
        while (i < matches.Count)
        {
            // Overlapping matches of different rules become one redaction: no byte of either survives.
            var start = matches[i].Start;
            var end = matches[i].End;
            var rule = matches[i].Rule;
            for (i++; i < matches.Count && matches[i].Start < end; i++)
            {
                end = Math.Max(end, matches[i].End);
            }

            message[copied..start].CopyTo(output.AsSpan(written));
            written += start - copied;
            _markers[rule].CopyTo(output.AsSpan(written));
            written += _markers[rule].Length;
            copied = end;
        }

        message[copied..].CopyTo(output.AsSpan(written));
        written += message.Length - copied;
        return output.AsSpan(0, written);
    }

    private bool ApplyCustom(ReadOnlySpan<byte> message, ContentScratch scratch, Span<long> matchCounts, out ReadOnlySpan<byte> result)
    {
        result = default;
        var chars = scratch.Chars(message.Length);
        var length = Encoding.UTF8.GetChars(message, chars);
        var changed = false;
        foreach (var rule in _custom)
        {
            var text = scratch.Chars(length).AsSpan(0, length);
            var count = 0;
            var extra = 0;
            foreach (var match in rule.Regex.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    count++;
                    extra += rule.Replacement.Length;
                }
            }

            if (count == 0)
            {
                continue;
            }

            matchCounts[rule.Index] += count;
            var output = scratch.CharsOut(length + extra);
            text = scratch.Chars(length).AsSpan(0, length);
            var written = 0;
            var copied = 0;
            foreach (var match in rule.Regex.EnumerateMatches(text))
            {
                if (match.Length == 0)
                {
                    continue;
                }

                text[copied..match.Index].CopyTo(output.AsSpan(written));
                written += match.Index - copied;
                rule.Replacement.CopyTo(output.AsSpan(written));
                written += rule.Replacement.Length;
                copied = match.Index + match.Length;
            }

            text[copied..].CopyTo(output.AsSpan(written));
            written += length - copied;
            scratch.SwapChars();
            length = written;
            changed = true;
        }

        if (!changed)
        {
            return false;
        }

        var final = scratch.Chars(length).AsSpan(0, length);
        var bytes = scratch.Bytes(Encoding.UTF8.GetMaxByteCount(length));
        result = bytes.AsSpan(0, Encoding.UTF8.GetBytes(final, bytes));
        return true;
    }

    private static CompileResult Compile(ContentRuleSpec spec)
    {
        var reasons = new List<string>();
        var include = CompileList("include_patterns", spec.Include, reasons);
        var exclude = CompileList("exclude_patterns", spec.Exclude, reasons);
        var builtIns = new List<(BuiltInRule, int)>();
        var custom = new List<CustomRule>();
        var names = new List<string>();
        if (spec.Redact.Count > MaxRules)
        {
            reasons.Add($"redact: has {spec.Redact.Count} rules (at most {MaxRules})");
        }

        for (var i = 0; i < spec.Redact.Count; i++)
        {
            var entry = spec.Redact[i];
            var where = $"redact[{i}]";
            if (names.Contains(entry.Name, StringComparer.Ordinal))
            {
                reasons.Add($"{where}: the rule name '{entry.Name}' is used twice");
                continue;
            }

            if (entry.IsBuiltIn)
            {
                if (BuiltInRules.TryParse(entry.Name, out var rule))
                {
                    builtIns.Add((rule, names.Count));
                    names.Add(entry.Name);
                }
                else
                {
                    reasons.Add($"{where}: '{entry.Name}' is not a built-in rule ({string.Join(", ", BuiltInRules.Names)}); a custom rule is a map {{name, pattern, replacement}}");
                }

                continue;
            }

            var before = reasons.Count;
            if (!IsValidName(entry.Name))
            {
                reasons.Add($"{where}: name '{entry.Name}' must be 1 to {MaxNameLength} characters of letters, digits, '-', '_' and '.'");
            }
            else if (BuiltInRules.TryParse(entry.Name, out _))
            {
                reasons.Add($"{where}: name '{entry.Name}' is a built-in rule's name; give the custom rule another");
            }

            if (entry.Replacement is { Length: > MaxReplacementLength })
            {
                reasons.Add($"{where}: replacement is {entry.Replacement.Length} characters long (at most {MaxReplacementLength})");
            }

            var regex = CompilePattern($"{where}.pattern", entry.Pattern!, reasons);
            if (regex is not null && reasons.Count == before)
            {
                custom.Add(new CustomRule(regex, entry.Replacement ?? $"[REDACTED:{entry.Name}]", names.Count));
                names.Add(entry.Name);
            }
        }

        if (reasons.Count > 0)
        {
            return new CompileResult(null, reasons);
        }

        return new CompileResult(new ContentRules(spec, include, exclude, [.. builtIns], [.. custom], [.. names]), []);
    }

    private static Regex[] CompileList(string field, IReadOnlyList<string> patterns, List<string> reasons)
    {
        if (patterns.Count > MaxRules)
        {
            reasons.Add($"{field}: has {patterns.Count} patterns (at most {MaxRules})");
            return [];
        }

        var compiled = new List<Regex>(patterns.Count);
        for (var i = 0; i < patterns.Count; i++)
        {
            if (CompilePattern($"{field}[{i}]", patterns[i], reasons) is { } regex)
            {
                compiled.Add(regex);
            }
        }

        return [.. compiled];
    }

    private static Regex? CompilePattern(string where, string pattern, List<string> reasons)
    {
        if (pattern.Length == 0)
        {
            reasons.Add($"{where}: is empty");
            return null;
        }

        if (pattern.Length > MaxPatternLength)
        {
            reasons.Add($"{where}: is {pattern.Length} characters long (at most {MaxPatternLength})");
            return null;
        }

        try
        {
            return new Regex(pattern, PatternOptions);
        }
        catch (ArgumentException e)
        {
            reasons.Add($"{where}: '{pattern}' is not a valid regular expression: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            reasons.Add($"{where}: '{pattern}' cannot run in linear time (no lookarounds, backreferences or atomic groups): {e.Message}");
        }

        return null;
    }

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private sealed record CustomRule(Regex Regex, string Replacement, int Index);

    private sealed record CompileResult(ContentRules? Rules, IReadOnlyList<string> Reasons);
}
