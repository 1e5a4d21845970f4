using System.Text;
using System.Text.RegularExpressions;
using LogGrains.Core.Content;

namespace LogGrains.Core.Tests.Content;

/// <summary>
/// The built-in rules as docs/CONTENT-RULES.md states them, written with .NET's ordinary (backtracking) regular
/// expressions and brute force: the hand-written rules must redact exactly what these redact.
/// </summary>
internal static partial class BuiltInReference
{
    /// <summary>The redaction of <paramref name="text"/> by the one built-in rule <paramref name="rule"/>.</summary>
    public static string Redact(string rule, string text) => rule switch
    {
        BuiltInRules.AwsAccessKeyIdName => AccessKeyId().Replace(text, Marker(rule)),
        BuiltInRules.AwsSecretKeyName => ReplaceGroup(SecretKey(), text, rule),
        BuiltInRules.BearerTokenName => ReplaceGroup(BearerToken(), text, rule),
        BuiltInRules.JwtName => Jwt().Replace(text, Marker(rule)),
        BuiltInRules.EmailName => Email().Replace(text, Marker(rule)),
        BuiltInRules.CardNumberName => CardNumbers(text),
        BuiltInRules.Ipv4Name => Ipv4(text),
        _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
    };

    public static bool LuhnValid(string number)
    {
        var digits = number.Where(char.IsAsciiDigit).Select(c => c - '0').Reverse().ToArray();
        var sum = digits.Select((d, i) => i % 2 == 0 ? d : (d * 2) - (d * 2 > 9 ? 9 : 0)).Sum();
        return sum % 10 == 0;
    }

    private static string Marker(string rule) => $"[REDACTED:{rule}]";

    // The value is in a lookahead, so values may overlap; overlapping values are redacted as one.
    private static string ReplaceGroup(Regex regex, string text, string rule)
    {
        var output = new StringBuilder();
        var copied = 0;
        foreach (var value in regex.Matches(text).Select(m => m.Groups[1]))
        {
            if (value.Index < copied)
            {
                copied = Math.Max(copied, value.Index + value.Length);
                continue;
            }

            output.Append(text[copied..value.Index]).Append(Marker(rule));
            copied = value.Index + value.Length;
        }

        return output.Append(text[copied..]).ToString();
    }

    // Runs of digits with single separators; in each, whole-group windows of 13-19 digits that pass Luhn, leftmost and
    // then longest first; a run without separators is one group.
    private static string CardNumbers(string text) => CardRun().Replace(text, run =>
    {
        var groups = GroupSplit().Matches(run.Value).Select(g => (g.Index, End: g.Index + g.Length)).ToList();
        var output = new StringBuilder();
        var copied = 0;
        var first = 0;
        while (first < groups.Count)
        {
            var found = Enumerable.Range(first, groups.Count - first)
                .Select(last => (last, Text: run.Value[groups[first].Index..groups[last].End]))
                .Select(w => (w.last, w.Text, Digits: w.Text.Count(char.IsAsciiDigit)))
                .Where(w => w.Digits is >= 13 and <= 19 && LuhnValid(w.Text))
                .Select(w => (int?)w.last)
                .LastOrDefault();
            if (found is not { } last)
            {
                first++;
                continue;
            }

            output.Append(run.Value[copied..groups[first].Index]).Append(Marker(BuiltInRules.CardNumberName));
            copied = groups[last].End;
            first = last + 1;
        }

        return output.Append(run.Value[copied..]).ToString();
    });

    private static string Ipv4(string text) => Ipv4Run().Replace(text, run =>
    {
        var address = run.Value.TrimEnd('.');
        var parts = address.Split('.');
        var isQuad = parts.Length == 4 && parts.All(p => p.Length is >= 1 and <= 3 && int.Parse(p, System.Globalization.CultureInfo.InvariantCulture) <= 255);
        return isQuad ? Marker(BuiltInRules.Ipv4Name) + run.Value[address.Length..] : run.Value;
    });

    [GeneratedRegex("(?:AKIA|ASIA)[A-Z0-9]{16}")]
    private static partial Regex AccessKeyId();

    [GeneratedRegex("""(?:[Ss]ecret_?(?:[Aa]ccess_?)?[Kk]ey|SECRET_?(?:ACCESS_?)?KEY)\\?["']?[ \t]*[:=][ \t]*\\?["']?(?=([A-Za-z0-9/+=]+))""")]
    private static partial Regex SecretKey();

    [GeneratedRegex("""[Bb]earer[ \t]+(?=([A-Za-z0-9\-._~+/]+=*))""")]
    private static partial Regex BearerToken();

    [GeneratedRegex("eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")]
    private static partial Regex Jwt();

    [GeneratedRegex("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex("[0-9](?:[ -]?[0-9])*")]
    private static partial Regex CardRun();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex GroupSplit();

    [GeneratedRegex("[0-9][0-9.]*")]
    private static partial Regex Ipv4Run();
}
