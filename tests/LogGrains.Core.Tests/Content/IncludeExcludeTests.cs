using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using LogGrains.Core.Content;

namespace LogGrains.Core.Tests.Content;

public sealed class IncludeExcludeTests
{
    private static readonly string[] Patterns =
    [
        "error", "^GET ", "\\d{3}ms$", "(?i)warn", "[a-c]+x", "é", "user=\\w+", "^$", "a|b", "\\s{2,}", "[^ -~]", "^.{0,5}$",
    ];

    private static readonly Gen<string[]> GenPatterns = Gen.Int[0, Patterns.Length - 1].Array[0, 3].Select(a => a.Select(i => Patterns[i]).ToArray());

    private static readonly Gen<string> GenMessage = Gen.Frequency(
        (4, Gen.Int[0x20, 0x7E].Select(c => ((char)c).ToString())),
        (2, SecretGen.Pick("error", "ERROR", "GET ", "warn", "WARNING", "abcx", "user=bob", "  ", "123ms", "é", "日本")))
        .Array[1, 10].Select(parts => string.Concat(parts));

    [Fact]
    public void Include_and_exclude_keep_exactly_what_a_plain_Regex_over_the_message_keeps()
    {
        Gen.Select(GenPatterns, GenPatterns, GenMessage.Array[1, 20])
            .Sample(
                (include, exclude, messages) =>
                {
                    Assert.True(ContentRules.TryCompile(new ContentRuleSpec(include, exclude, []), out var rules, out var reasons), string.Join("; ", reasons));
                    var sink = new RecordingSink();
                    using var filter = new ContentFilterSink(rules, sink);
                    foreach (var message in messages)
                    {
                        filter.AddValidUtf8(1, Encoding.UTF8.GetBytes(message));
                    }

                    var expected = messages.Where(m =>
                        (include.Length == 0 || include.Any(p => Regex.IsMatch(m, p, RegexOptions.CultureInvariant)))
                        && !exclude.Any(p => Regex.IsMatch(m, p, RegexOptions.CultureInvariant))).ToList();
                    Assert.Equal(expected, sink.Events.Select(e => Encoding.UTF8.GetString(e.Message)));
                    Assert.Equal((expected.Count, messages.Length - expected.Count), ((int)filter.Counts.Kept, (int)filter.Counts.Excluded));
                },
                iter: 1000);
    }

    [Fact]
    public void Custom_rules_replace_their_matches_after_the_built_ins_and_are_counted()
    {
        var spec = new ContentRuleSpec([], [], [new RedactRuleSpec("email"), new RedactRuleSpec("order-id", "ORD-[0-9]+", "ORD-*"), new RedactRuleSpec("pin", "pin=[0-9]{4}")]);
        Assert.True(ContentRules.TryCompile(spec, out var rules, out _));

        var result = rules.Apply("ORD-123 by jane@example.com pin=1234, ORD-9");

        Assert.Equal("ORD-* by [REDACTED:email] [REDACTED:pin], ORD-*", result.Text);
        Assert.Equal(new Dictionary<string, long> { ["email"] = 1, ["order-id"] = 2, ["pin"] = 1 }, result.Matches);
    }

    [Fact]
    public void A_custom_rule_that_leaves_nothing_drops_the_event_and_empty_matches_change_nothing()
    {
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec([], [], [new RedactRuleSpec("all", ".*", "")]), out var rules, out _));
        var sink = new RecordingSink();
        using var filter = new ContentFilterSink(rules, sink);

        filter.AddValidUtf8(1, "secret stuff"u8);

        Assert.Empty(sink.Events);
        Assert.Equal((0L, 1L), (filter.Counts.Kept, filter.Counts.Excluded));
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec([], [], [new RedactRuleSpec("x", "x*")]), out var empty, out _));
        Assert.Equal("abc", empty.Apply("abc").Text);
    }
}
