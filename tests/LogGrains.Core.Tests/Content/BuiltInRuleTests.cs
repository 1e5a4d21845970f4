using System.Text;
using CsCheck;
using LogGrains.Core.Content;

namespace LogGrains.Core.Tests.Content;

public sealed class BuiltInRuleTests
{
    public static TheoryData<string> Rules => [.. BuiltInRules.Names];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_built_in_rule_redacts_exactly_what_its_documented_pattern_matches(string rule)
    {
        var rules = SecretGen.Only(rule);
        SecretGen.Noise.Sample(
            text => Assert.Equal(BuiltInReference.Redact(rule, text), rules.Apply(text).Text),
            iter: 3000);
    }

    [Fact]
    public void A_message_without_a_match_is_passed_on_as_the_same_bytes()
    {
        var rules = SecretGen.AllBuiltIns();
        SecretGen.Noise
            .Where(text => BuiltInRules.Names.All(rule => BuiltInReference.Redact(rule, text) == text))
            .Sample(
                text =>
                {
                    var sink = new RecordingSink();
                    using var filter = new ContentFilterSink(rules, sink);
                    var bytes = Encoding.UTF8.GetBytes(text);
                    filter.AddValidUtf8(1, bytes);
                    Assert.Equal(bytes, Assert.Single(sink.Events).Message);
                    Assert.Equal((1L, 0L, 0L), (filter.Counts.Kept, filter.Counts.Excluded, filter.Counts.Redacted));
                },
                iter: 3000);
    }

    [Fact]
    public void No_generated_secret_survives_at_the_start_in_the_middle_or_at_the_end_of_a_message()
    {
        var rules = SecretGen.AllBuiltIns();
        Gen.Select(SecretGen.AnySecret, SecretGen.Noise, SecretGen.Delimiter, SecretGen.Noise, SecretGen.Delimiter, Gen.Int[0, 2])
            .Sample(
                (secret, before, open, after, close, where) =>
                {
                    var text = where switch
                    {
                        0 => secret.Text + close + after,
                        1 => before + open + secret.Text + close + after,
                        _ => before + open + secret.Text,
                    };
                    var result = rules.Apply(text);
                    Assert.True(result.Kept);
                    Assert.DoesNotContain(secret.Secret, result.Text, StringComparison.Ordinal);
                    Assert.True(result.Matches.ContainsKey(secret.Rule) || Covered(result.Matches), $"{secret.Rule} not counted in '{text}'");
                },
                iter: 5000);
    }

    [Theory]
    [InlineData("card 4111 1111 1111 1111 ok", "card [REDACTED:card-number] ok")]
    [InlineData("card 4111-1111-1111-1111", "card [REDACTED:card-number]")]
    [InlineData("order 4111111111111112 ok", "order 4111111111111112 ok")]
    [InlineData("trace 41111111111111110000", "trace 41111111111111110000")]
    [InlineData("total 12 4111 1111 1111 1111", "total 12 [REDACTED:card-number]")]
    [InlineData("key AKIAIOSFODNN7EXAMPLE used", "key [REDACTED:aws-access-key-id] used")]
    [InlineData("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY x", "aws_secret_access_key=[REDACTED:aws-secret-key] x")]
    [InlineData("{\"SecretAccessKey\":\"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}", "{\"SecretAccessKey\":\"[REDACTED:aws-secret-key]\"}")]
    [InlineData("Authorization: Bearer abc.def-ghi==", "Authorization: Bearer [REDACTED:bearer-token]")]
    [InlineData("token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln done", "token=[REDACTED:jwt] done")]
    [InlineData("mail jane.doe+x@example.co.uk.", "mail [REDACTED:email].")]
    [InlineData("from 10.0.0.1. and v1.2.3.4.5", "from [REDACTED:ipv4]. and v1.2.3.4.5")]
    [InlineData("nothing 2026-11-26T12:00:00Z GET /a 200 13ms", "nothing 2026-11-26T12:00:00Z GET /a 200 13ms")]
    public void Built_in_rules_on_examples(string text, string expected) =>
        Assert.Equal(expected, SecretGen.AllBuiltIns().Apply(text).Text);

    [Fact]
    public void Overlapping_matches_of_two_rules_become_one_redaction()
    {
        var result = SecretGen.AllBuiltIns().Apply("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");

        Assert.Equal("Authorization: Bearer [REDACTED:bearer-token]", result.Text);
        Assert.Equal(1, result.Matches[BuiltInRules.BearerTokenName]);
        Assert.Equal(1, result.Matches[BuiltInRules.JwtName]);
    }

    // A secret may be matched by another rule that covers it (a JWT after "Bearer", an e-mail in a token).
    private static bool Covered(IReadOnlyDictionary<string, long> matches) => matches.Count > 0;
}
