using System.Buffers;

namespace LogGrains.Core.Content;

/// <summary>
/// The built-in redaction rules, written by hand over UTF-8 bytes. Each rule first looks for its anchor with a
/// vectorised span search (<c>AKIA</c>/<c>ASIA</c>, <c>ecret</c>/<c>ECRET</c>, <c>earer</c>, <c>eyJ</c>, <c>@</c>, a
/// digit), so that a message without a candidate costs a few vectorised scans and no regular expression runs.
/// </summary>
/// <remarks>
/// Each rule finds exactly what the regular expression in docs/CONTENT-RULES.md finds (leftmost, non-overlapping, as
/// .NET's <c>Regex.Matches</c>; the two rules that redact a value after a name look at the value with a lookahead, so
/// that a value which itself holds the next name is not skipped); the property tests check that against the expressions. Every rule matches ASCII bytes
/// only, so a redacted message stays valid UTF-8.
/// </remarks>
public static class BuiltInRules
{
    /// <summary>The name of <see cref="BuiltInRule.AwsAccessKeyId"/>.</summary>
    public const string AwsAccessKeyIdName = "aws-access-key-id";

    /// <summary>The name of <see cref="BuiltInRule.AwsSecretKey"/>.</summary>
    public const string AwsSecretKeyName = "aws-secret-key";

    /// <summary>The name of <see cref="BuiltInRule.BearerToken"/>.</summary>
    public const string BearerTokenName = "bearer-token";

    /// <summary>The name of <see cref="BuiltInRule.Jwt"/>.</summary>
    public const string JwtName = "jwt";

    /// <summary>The name of <see cref="BuiltInRule.Email"/>.</summary>
    public const string EmailName = "email";

    /// <summary>The name of <see cref="BuiltInRule.CardNumber"/>.</summary>
    public const string CardNumberName = "card-number";

    /// <summary>The name of <see cref="BuiltInRule.Ipv4"/>.</summary>
    public const string Ipv4Name = "ipv4";

    private static readonly SearchValues<byte> CardRunBytes = SearchValues.Create("0123456789 -"u8);
    private static readonly SearchValues<byte> Ipv4RunBytes = SearchValues.Create("0123456789."u8);
    private static readonly SearchValues<byte> UpperOrDigit = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"u8);
    private static readonly SearchValues<byte> Base64Url = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"u8);
    private static readonly SearchValues<byte> SecretValue = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+="u8);
    private static readonly SearchValues<byte> BearerValue = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"u8);
    private static readonly SearchValues<byte> EmailLocal = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"u8);
    private static readonly SearchValues<byte> EmailDomain = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"u8);

    /// <summary>Every built-in rule by name, in the order they are documented.</summary>
    public static IReadOnlyList<(string Name, BuiltInRule Rule)> All { get; } =
    [
        (AwsAccessKeyIdName, BuiltInRule.AwsAccessKeyId),
        (AwsSecretKeyName, BuiltInRule.AwsSecretKey),
        (BearerTokenName, BuiltInRule.BearerToken),
        (JwtName, BuiltInRule.Jwt),
        (EmailName, BuiltInRule.Email),
        (CardNumberName, BuiltInRule.CardNumber),
        (Ipv4Name, BuiltInRule.Ipv4),
    ];

    /// <summary>The names of the built-in rules, as <c>redact</c> lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(r => r.Name)];

    /// <summary>Finds the built-in rule called <paramref name="name"/> (case-sensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="rule">The rule, or <see cref="BuiltInRule.None"/>.</param>
    /// <returns>Whether there is one.</returns>
    public static bool TryParse(string name, out BuiltInRule rule)
    {
        foreach (var (known, value) in All)
        {
            if (string.Equals(known, name, StringComparison.Ordinal))
            {
                rule = value;
                return true;
            }
        }

        rule = BuiltInRule.None;
        return false;
    }

    /// <summary>Adds the matches of <paramref name="rule"/> in <paramref name="text"/> to <paramref name="into"/>, tagged <paramref name="index"/>.</summary>
    internal static void Find(BuiltInRule rule, ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        switch (rule)
        {
            case BuiltInRule.AwsAccessKeyId:
                FindAccessKeyIds(text, index, into);
                break;
            case BuiltInRule.AwsSecretKey:
                FindSecretKeys(text, index, into);
                break;
            case BuiltInRule.BearerToken:
                FindBearerTokens(text, index, into);
                break;
            case BuiltInRule.Jwt:
                FindJwts(text, index, into);
                break;
            case BuiltInRule.Email:
                FindEmails(text, index, into);
                break;
            case BuiltInRule.CardNumber:
                FindCardNumbers(text, index, into);
                break;
            case BuiltInRule.Ipv4:
                FindIpv4(text, index, into);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, "Not a single built-in rule.");
        }
    }

    /// <summary>
    /// Whether the content of a JSON string, escapes and all, might hold a match of a rule in <paramref name="rules"/>
    /// once unescaped. Never false when the unescaped text has a match, for text without <c>\u</c> escapes (the caller
    /// checks those): the other escapes stand for characters no rule's anchor or digit run contains, so every anchor
    /// and every digit run of the unescaped text is in the escaped text too.
    /// </summary>
    internal static bool MayMatchEscaped(BuiltInRule rules, ReadOnlySpan<byte> escaped, List<RuleMatch> scratch)
    {
        if ((rules & BuiltInRule.AwsAccessKeyId) != 0 && escaped.IndexOf("IA"u8) >= 0)
        {
            return true;
        }

        if ((rules & BuiltInRule.AwsSecretKey) != 0 && (escaped.IndexOf("ecret"u8) >= 0 || escaped.IndexOf("ECRET"u8) >= 0))
        {
            return true;
        }

        if ((rules & BuiltInRule.BearerToken) != 0 && escaped.IndexOf("earer"u8) >= 0)
        {
            return true;
        }

        if ((rules & BuiltInRule.Jwt) != 0 && escaped.IndexOf("eyJ"u8) >= 0)
        {
            return true;
        }

        if ((rules & BuiltInRule.Email) != 0 && escaped.Contains((byte)'@'))
        {
            return true;
        }

        // Digit runs are the same escaped and unescaped (no escape stands for a digit, space, dash or dot), so the
        // exact rule decides: digits are in nearly every log line and must not send it all down the slow path.
        scratch.Clear();
        if ((rules & BuiltInRule.CardNumber) != 0)
        {
            FindCardNumbers(escaped, 0, scratch);
        }

        if ((rules & BuiltInRule.Ipv4) != 0)
        {
            FindIpv4(escaped, 0, scratch);
        }

        return scratch.Count > 0;
    }

    // One scan for "IA", the common tail of both prefixes, instead of one per prefix.
    private static void FindAccessKeyIds(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 2;
        while (pos <= text.Length - 18)
        {
            var found = text[pos..].IndexOf("IA"u8);
            if (found < 0)
            {
                return;
            }

            var start = pos + found - 2;
            if (text[start] == 'A' && (text[start + 1] == 'K' || text[start + 1] == 'S')
                && start + 20 <= text.Length && text.Slice(start + 4, 16).IndexOfAnyExcept(UpperOrDigit) < 0)
            {
                into.Add(new RuleMatch(start, start + 20, index));
                pos = start + 22;
            }
            else
            {
                pos = start + 3;
            }
        }
    }

    // (?:[Ss]ecret_?(?:[Aa]ccess_?)?[Kk]ey|SECRET_?(?:ACCESS_?)?KEY)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?=([A-Za-z0-9/+=]+)), group 1 redacted.
    private static void FindSecretKeys(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var rest = text[pos..];
            var lower = rest.IndexOf("ecret"u8);
            var upper = rest.IndexOf("ECRET"u8);
            var found = lower < 0 ? upper : upper < 0 ? lower : Math.Min(lower, upper);
            if (found < 0)
            {
                return;
            }

            var anchor = pos + found;
            var isUpper = found == upper;
            pos = anchor + 1;
            if (anchor == 0 || !(text[anchor - 1] == 'S' || (!isUpper && text[anchor - 1] == 's')))
            {
                continue;
            }

            var i = anchor + 5;
            if (isUpper)
            {
                Skip(text, ref i, (byte)'_');
                if (StartsWith(text, i, "ACCESS"u8))
                {
                    i += 6;
                    Skip(text, ref i, (byte)'_');
                }

                if (!StartsWith(text, i, "KEY"u8))
                {
                    continue;
                }
            }
            else
            {
                Skip(text, ref i, (byte)'_');
                if (i < text.Length && (text[i] == 'A' || text[i] == 'a') && StartsWith(text, i + 1, "ccess"u8))
                {
                    i += 6;
                    Skip(text, ref i, (byte)'_');
                }

                if (!(i < text.Length && (text[i] == 'K' || text[i] == 'k') && StartsWith(text, i + 1, "ey"u8)))
                {
                    continue;
                }
            }

            i += 3;
            Skip(text, ref i, (byte)'\\');
            SkipQuote(text, ref i);
            SkipBlanks(text, ref i);
            if (!(i < text.Length && (text[i] == ':' || text[i] == '=')))
            {
                continue;
            }

            i++;
            SkipBlanks(text, ref i);
            Skip(text, ref i, (byte)'\\');
            SkipQuote(text, ref i);
            var length = RunLength(text, i, SecretValue);
            if (length == 0)
            {
                continue;
            }

            into.Add(new RuleMatch(i, i + length, index));

            // Go on from the value, not after it: a value may itself start another secret (secret_key=secret_key=...).
            pos = i;
        }
    }

    // [Bb]earer[ \t]+(?=([A-Za-z0-9\-._~+/]+=*)), group 1 redacted.
    private static void FindBearerTokens(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOf("earer"u8);
            if (found < 0)
            {
                return;
            }

            var anchor = pos + found;
            pos = anchor + 1;
            if (anchor == 0 || (text[anchor - 1] != 'B' && text[anchor - 1] != 'b'))
            {
                continue;
            }

            var i = anchor + 5;
            var blanks = i;
            SkipBlanks(text, ref i);
            if (i == blanks)
            {
                continue;
            }

            var length = RunLength(text, i, BearerValue);
            if (length == 0)
            {
                continue;
            }

            var end = i + length;
            while (end < text.Length && text[end] == '=')
            {
                end++;
            }

            into.Add(new RuleMatch(i, end, index));

            // Go on from the token, not after it: "bearer Bearer <token>" must not hide the second token.
            pos = i;
        }
    }

    // eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*
    private static void FindJwts(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOf("eyJ"u8);
            if (found < 0)
            {
                return;
            }

            var start = pos + found;
            pos = start + 1;
            var i = start + 3;
            var header = RunLength(text, i, Base64Url);
            if (header == 0)
            {
                continue;
            }

            i += header;
            if (!(i < text.Length && text[i] == '.'))
            {
                continue;
            }

            var payload = RunLength(text, ++i, Base64Url);
            if (payload == 0)
            {
                continue;
            }

            i += payload;
            if (!(i < text.Length && text[i] == '.'))
            {
                continue;
            }

            i++;
            i += RunLength(text, i, Base64Url);
            into.Add(new RuleMatch(start, i, index));
            pos = i;
        }
    }

    // [A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}
    private static void FindEmails(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 0;
        var previousEnd = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOf((byte)'@');
            if (found < 0)
            {
                return;
            }

            var at = pos + found;
            pos = at + 1;
            var start = at;
            while (start > previousEnd && EmailLocal.Contains(text[start - 1]))
            {
                start--;
            }

            if (start == at)
            {
                continue;
            }

            // Labels after the first; the match ends after the letters that start the last label to start with two.
            var i = at + 1 + RunLength(text, at + 1, EmailDomain);
            if (i == at + 1)
            {
                continue;
            }

            var end = -1;
            while (i + 1 < text.Length && text[i] == '.' && EmailDomain.Contains(text[i + 1]))
            {
                var label = i + 1;
                var letters = 0;
                while (label + letters < text.Length && char.IsAsciiLetter((char)text[label + letters]))
                {
                    letters++;
                }

                if (letters >= 2)
                {
                    end = label + letters;
                }

                i = label + RunLength(text, label, EmailDomain);
            }

            if (end < 0)
            {
                continue;
            }

            into.Add(new RuleMatch(start, end, index));
            previousEnd = end;
            pos = end;
        }
    }

    // A run is digits with at most one space or dash between two digits. Within it, a card number is a window of whole
    // groups (a group ends at a separator) with 13 to 19 digits that passes the Luhn check; the leftmost window wins,
    // the longest from its start, and the search goes on after it. A run without separators is one group: a longer
    // plain number (an order id, a trace id) is never cut into a card number.
    //
    // Log lines are full of short digit runs (times, ids, hex), so runs are not visited one by one: a card needs 13
    // consecutive bytes of digits, spaces and dashes, and any 13 consecutive bytes hold one of the bytes 12, 25, 38, ...
    // Only a sampled byte in that set is looked at more closely, by measuring the stretch of such bytes around it.
    private static void FindCardNumbers(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        const int MinStretch = 13;
        var sample = MinStretch - 1;
        while (sample < text.Length)
        {
            if (!CardRunBytes.Contains(text[sample]))
            {
                sample += MinStretch;
                continue;
            }

            var left = sample;
            while (left > 0 && CardRunBytes.Contains(text[left - 1]))
            {
                left--;
            }

            var right = RunLength(text, sample, CardRunBytes) + sample;
            if (right - left >= MinStretch)
            {
                FindCardsIn(text, left, right, index, into);
            }

            sample = right + MinStretch;
        }
    }

    // The card numbers in [start, end), a stretch of digits, spaces and dashes.
    private static void FindCardsIn(ReadOnlySpan<byte> text, int start, int end, int index, List<RuleMatch> into)
    {
        var pos = start;
        while (pos < end)
        {
            var found = text[pos..end].IndexOfAnyInRange((byte)'0', (byte)'9');
            if (found < 0)
            {
                return;
            }

            var runStart = pos + found;
            var runEnd = RunEnd(text, runStart, out var digits);
            if (digits >= 13)
            {
                AddCards(text, runStart, runEnd, index, into);
            }

            pos = runEnd;
        }
    }

    // The end of the card run starting at the digit at start, and its digit count.
    private static int RunEnd(ReadOnlySpan<byte> text, int start, out int digits)
    {
        digits = 0;
        var i = start;
        while (i < text.Length)
        {
            if (char.IsAsciiDigit((char)text[i]))
            {
                digits++;
                i++;
            }
            else if ((text[i] == ' ' || text[i] == '-') && i + 1 < text.Length && char.IsAsciiDigit((char)text[i + 1]))
            {
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static void AddCards(ReadOnlySpan<byte> text, int start, int end, int index, List<RuleMatch> into)
    {
        var run = text[start..end];
        if (run.IndexOfAny((byte)' ', (byte)'-') < 0)
        {
            if (run.Length <= 19 && Luhn(run))
            {
                into.Add(new RuleMatch(start, end, index));
            }

            return;
        }

        Span<int> groupStarts = stackalloc int[(run.Length / 2) + 1];
        Span<int> groupEnds = stackalloc int[(run.Length / 2) + 1];
        var groups = 0;
        var g = 0;
        for (var i = 0; i <= run.Length; i++)
        {
            if (i == run.Length || !char.IsAsciiDigit((char)run[i]))
            {
                groupStarts[groups] = g;
                groupEnds[groups] = i;
                groups++;
                g = i + 1;
            }
        }

        var first = 0;
        while (first < groups)
        {
            var best = -1;
            var digits = 0;
            for (var last = first; last < groups; last++)
            {
                digits += groupEnds[last] - groupStarts[last];
                if (digits > 19)
                {
                    break;
                }

                if (digits >= 13 && Luhn(run[groupStarts[first]..groupEnds[last]]))
                {
                    best = last;
                }
            }

            if (best < 0)
            {
                first++;
                continue;
            }

            into.Add(new RuleMatch(start + groupStarts[first], start + groupEnds[best], index));
            first = best + 1;
        }
    }

    /// <summary>The Luhn check over the digits of <paramref name="digits"/>, ignoring separators.</summary>
    internal static bool Luhn(ReadOnlySpan<byte> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (!char.IsAsciiDigit((char)c))
            {
                continue;
            }

            var d = c - '0';
            if (doubled)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    // A maximal run of digits and dots, leading and trailing dots aside, that is exactly four dot-separated numbers of
    // one to three digits, each at most 255.
    private static void FindIpv4(ReadOnlySpan<byte> text, int index, List<RuleMatch> into)
    {
        var pos = 0;
        while (pos < text.Length)
        {
            var found = text[pos..].IndexOfAnyInRange((byte)'0', (byte)'9');
            if (found < 0)
            {
                return;
            }

            var start = pos + found;
            var length = RunLength(text, start, Ipv4RunBytes);
            var end = start + length;
            pos = end;
            while (text[end - 1] == '.')
            {
                end--;
            }

            if (end - start >= 7 && IsDottedQuad(text[start..end]))
            {
                into.Add(new RuleMatch(start, end, index));
            }
        }
    }

    private static bool IsDottedQuad(ReadOnlySpan<byte> run)
    {
        var parts = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in run)
        {
            if (c == '.')
            {
                if (digits == 0)
                {
                    return false;
                }

                parts++;
                value = 0;
                digits = 0;
                continue;
            }

            value = (value * 10) + (c - '0');
            if (++digits > 3 || value > 255)
            {
                return false;
            }
        }

        return parts == 3 && digits > 0;
    }

    private static int RunLength(ReadOnlySpan<byte> text, int start, SearchValues<byte> allowed)
    {
        if (start >= text.Length)
        {
            return 0;
        }

        var end = text[start..].IndexOfAnyExcept(allowed);
        return end < 0 ? text.Length - start : end;
    }

    private static bool StartsWith(ReadOnlySpan<byte> text, int at, ReadOnlySpan<byte> value) =>
        at <= text.Length && text[at..].StartsWith(value);

    private static void Skip(ReadOnlySpan<byte> text, ref int i, byte value)
    {
        if (i < text.Length && text[i] == value)
        {
            i++;
        }
    }

    private static void SkipQuote(ReadOnlySpan<byte> text, ref int i)
    {
        if (i < text.Length && (text[i] == '"' || text[i] == '\''))
        {
            i++;
        }
    }

    private static void SkipBlanks(ReadOnlySpan<byte> text, ref int i)
    {
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
        {
            i++;
        }
    }
}
