using CsCheck;
using LogGrains.Core.Content;

namespace LogGrains.Core.Tests.Content;

/// <summary>Generated secrets of every built-in kind, and text to hide them in.</summary>
internal static class SecretGen
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string UpperDigits = Upper + "0123456789";
    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";

    public static Gen<string> Pick(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    public static Gen<string> Chars(string alphabet, int min, int max) =>
        Gen.Int[0, alphabet.Length - 1].Array[min, max].Select(a => new string([.. a.Select(i => alphabet[i])]));

    public static readonly Gen<string> AccessKeyId =
        Gen.Select(Pick("AKIA", "ASIA"), Chars(UpperDigits, 16, 16), (p, s) => p + s);

    /// <summary>The 40-character secret and the text that holds it, in every key=value and JSON spelling.</summary>
    public static readonly Gen<(string Secret, string Text)> SecretKey = Gen.Select(
        Pick("aws_secret_access_key", "AWS_SECRET_ACCESS_KEY", "SecretAccessKey", "secretAccessKey", "secret_key", "SECRET_KEY", "aws_secret_key"),
        Pick("=", ": ", "\":\"", "\" : \"", "='", "\\\":\\\"", " = ", "\t=\t"),
        Chars(Base64, 40, 40),
        (name, separator, secret) => (secret, name + separator + secret));

    public static readonly Gen<(string Secret, string Text)> BearerToken = Gen.Select(
        Pick("Bearer ", "bearer ", "Bearer\t", "Bearer  "),
        Chars(Base64Url + ".~+/", 12, 60),
        (prefix, token) => (token, prefix + token));

    public static readonly Gen<string> Jwt = Gen.Select(
        Chars(Base64Url, 4, 40), Chars(Base64Url, 1, 60), Chars(Base64Url, 0, 50),
        (header, payload, signature) => $"eyJ{header}.{payload}.{signature}");

    public static readonly Gen<string> Email = Gen.Select(
        Chars(Lower + "0123456789._%+-", 1, 20), Chars(Lower + "0123456789-", 1, 15), Chars(Lower, 2, 6),
        (local, domain, tld) => $"{local}@{domain}.{tld}");

    public static readonly Gen<string> CardNumber = Gen.Select(
        Gen.Int[12, 18].SelectMany(n => Chars("0123456789", n, n)),
        Pick("", " ", "-"),
        (body, separator) =>
        {
            var digits = body + CheckDigit(body);
            var groups = Enumerable.Range(0, (digits.Length + 3) / 4).Select(g => digits.Substring(g * 4, Math.Min(4, digits.Length - (g * 4))));
            return string.Join(separator, groups);
        });

    public static readonly Gen<string> Ipv4 = Gen.Int[0, 255].Array[4, 4].Select(o => string.Join('.', o));

    /// <summary>One secret of any kind: the rule, the secret itself and how it is written in a log line.</summary>
    public static readonly Gen<(string Rule, string Secret, string Text)> AnySecret = Gen.OneOf(
        AccessKeyId.Select(s => (BuiltInRules.AwsAccessKeyIdName, s, s)),
        SecretKey.Select(s => (BuiltInRules.AwsSecretKeyName, s.Secret, s.Text)),
        BearerToken.Select(s => (BuiltInRules.BearerTokenName, s.Secret, s.Text)),
        Jwt.Select(s => (BuiltInRules.JwtName, s, s)),
        Email.Select(s => (BuiltInRules.EmailName, s, s)),
        CardNumber.Select(s => (BuiltInRules.CardNumberName, s, s)),
        Ipv4.Select(s => (BuiltInRules.Ipv4Name, s, s)));

    /// <summary>
    /// Log text full of near misses: parts of every rule's anchor, digits, dots, quotes, backslashes, non-ASCII.
    /// </summary>
    public static readonly Gen<string> Noise = Gen.Frequency(
        (6, Gen.Int[0x20, 0x7E].Select(c => ((char)c).ToString())),
        (3, Pick(" ", "  ", "\t", "=", ":", "\"", "'", "\\", ".", "-", "@", "/", "+", "_")),
        (3, Chars("0123456789", 1, 20)),
        (2, Chars(UpperDigits, 1, 24)),
        (2, Chars(Lower, 1, 8)),
        (3, Pick("AKIA", "ASIA", "secret", "Secret", "SECRET", "_access", "Access", "_key", "Key", "KEY", "Bearer", "bearer", "eyJ", "example", ".com", ".c1", "@x", "255.", "1.2.3", "4111 1111", "-1111")),
        (1, Pick("é", "日本", "🙂", "\u00A0")),
        (1, AnySecret.Select(s => s.Text)))
        .Array[0, 12].Select(parts => string.Concat(parts));

    /// <summary>A delimiter that ends a secret of any kind.</summary>
    public static readonly Gen<string> Delimiter = Pick(" ", ", ", "\n", "\t", "\"", "; ", " | ", "(", ")");

    /// <summary>Every built-in rule, IPv4 included.</summary>
    public static ContentRules AllBuiltIns()
    {
        var spec = new ContentRuleSpec([], [], [.. BuiltInRules.Names.Select(n => new RedactRuleSpec(n))]);
        Assert.True(ContentRules.TryCompile(spec, out var rules, out var reasons), string.Join("; ", reasons));
        return rules;
    }

    public static ContentRules Only(string builtIn)
    {
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec([], [], [new RedactRuleSpec(builtIn)]), out var rules, out var reasons), string.Join("; ", reasons));
        return rules;
    }

    public static string CheckDigit(string body)
    {
        for (var d = 0; d <= 9; d++)
        {
            if (BuiltInReference.LuhnValid(body + d))
            {
                return d.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("no Luhn check digit");
    }
}
