using LogGrains.Core.Content;

namespace LogGrains.Core.Tests.Content;

public sealed class ContentRulesValidationTests
{
    public static TheoryData<ContentRuleSpec, string> Invalid => new()
    {
        { new ContentRuleSpec(["ok", "(unclosed"], [], []), "include_patterns[1]: '(unclosed' is not a valid regular expression" },
        { new ContentRuleSpec([], ["(?=lookahead)x"], []), "exclude_patterns[0]: '(?=lookahead)x' cannot run in linear time" },
        { new ContentRuleSpec([], ["(a)\\1"], []), "exclude_patterns[0]: '(a)\\1' cannot run in linear time" },
        { new ContentRuleSpec([new string('a', ContentRules.MaxPatternLength + 1)], [], []), "include_patterns[0]: is 1025 characters long (at most 1024)" },
        { new ContentRuleSpec([.. Enumerable.Repeat("a", ContentRules.MaxRules + 1)], [], []), "include_patterns: has 33 patterns (at most 32)" },
        { new ContentRuleSpec([""], [], []), "include_patterns[0]: is empty" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("ssn")]), "redact[0]: 'ssn' is not a built-in rule" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("email"), new RedactRuleSpec("email")]), "redact[1]: the rule name 'email' is used twice" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("email", "x")]), "redact[0]: name 'email' is a built-in rule's name" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("bad name", "x")]), "redact[0]: name 'bad name' must be 1 to 64 characters" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("r", "x", new string('*', 257))]), "redact[0]: replacement is 257 characters long (at most 256)" },
        { new ContentRuleSpec([], [], [new RedactRuleSpec("r", "[z-a]")]), "redact[0].pattern: '[z-a]' is not a valid regular expression" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_spec_gives_a_reason_naming_the_field_and_the_entry(ContentRuleSpec spec, string reason)
    {
        Assert.False(ContentRules.TryCompile(spec, out var rules, out var reasons));
        Assert.Null(rules);
        Assert.Contains(reasons, r => r.StartsWith(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_spec_gives_the_same_compiled_instance()
    {
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec(["a+"], ["b"], [new RedactRuleSpec("email")]), out var first, out _));
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec(["a+"], ["b"], [new RedactRuleSpec("email")]), out var second, out _));
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec(["a+"], ["c"], [new RedactRuleSpec("email")]), out var other, out _));

        Assert.Same(first, second);
        Assert.NotSame(first, other);
    }

    [Fact]
    public void A_pattern_that_backtracks_exponentially_elsewhere_runs_in_linear_time()
    {
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec(["^(a+)+$"], [], []), out var rules, out _));

        // With backtracking, 5,000 a's and a final b take longer than the test run; linear matching answers at once.
        Assert.False(rules.Apply(new string('a', 5000) + "b").Kept);
    }
}
