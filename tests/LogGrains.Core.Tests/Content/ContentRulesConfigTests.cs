using LogGrains.Core.Content;
using LogGrains.Core.Tenants;
using static LogGrains.Core.Tests.Tenants.Items;

namespace LogGrains.Core.Tests.Content;

/// <summary>The three content fields of a tenant item: parsing, validation, the s3 refusal and the writer's round trip.</summary>
public sealed class ContentRulesConfigTests
{
    private static TenantAttribute Rule(string name, string pattern, string? replacement = null) => TenantAttribute.M(
        replacement is null
            ? [KeyValuePair.Create("name", S(name)), KeyValuePair.Create("pattern", S(pattern))]
            : [KeyValuePair.Create("name", S(name)), KeyValuePair.Create("pattern", S(pattern)), KeyValuePair.Create("replacement", S(replacement))]);

    private static TenantDelivery ParseOne(TenantItem item) => Assert.Single(TenantConfigParser.Parse("acme", [item], Defaults).Deliveries);

    [Fact]
    public void The_three_fields_parse_into_the_spec_in_order()
    {
        var item = Seed("acme",
            ("include_patterns", TenantAttribute.L([S("^GET "), S("error")])),
            ("exclude_patterns", TenantAttribute.SS(["healthz"])),
            ("redact", TenantAttribute.L([S("email"), Rule("order-id", "ORD-[0-9]+", "ORD-*"), S("card-number")])));

        var config = Assert.IsType<ValidTenantDelivery>(ParseOne(item)).Config;

        Assert.Equal(
            new ContentRuleSpec(["^GET ", "error"], ["healthz"], [new RedactRuleSpec("email"), new RedactRuleSpec("order-id", "ORD-[0-9]+", "ORD-*"), new RedactRuleSpec("card-number")]),
            config.Content);
    }

    [Fact]
    public void Without_the_fields_there_are_no_rules()
    {
        var config = Assert.IsType<ValidTenantDelivery>(ParseOne(Seed())).Config;

        Assert.Null(config.Content);
        Assert.True(config.ContentRules.IsEmpty);
    }

    [Theory]
    [InlineData("include_patterns", "include_patterns[1]: '[' is not a valid regular expression")]
    [InlineData("exclude_patterns", "exclude_patterns[1]: '[' is not a valid regular expression")]
    public void An_invalid_pattern_makes_only_its_delivery_invalid_with_the_field_and_index(string field, string reason)
    {
        var broken = Seed("acme", (field, TenantAttribute.L([S("ok"), S("[")])));

        var configuration = TenantConfigParser.Parse("acme", [broken, S3()], Defaults);

        var invalid = Assert.IsType<InvalidTenantDelivery>(configuration.Deliveries[0]);
        Assert.Contains(invalid.Reasons, r => r.StartsWith(reason, StringComparison.Ordinal));
        Assert.IsType<ValidTenantDelivery>(configuration.Deliveries[1]);
    }

    [Theory]
    [InlineData("include_patterns", "include_patterns: must be L of S or SS, is S")]
    [InlineData("redact", "redact: must be L of S (a built-in rule name) or M {name, pattern, replacement}, is S")]
    public void A_field_of_the_wrong_type_is_a_reason(string field, string reason)
    {
        var invalid = Assert.IsType<InvalidTenantDelivery>(ParseOne(Seed("acme", (field, S("email")))));

        Assert.Contains(reason, invalid.Reasons);
    }

    [Fact]
    public void A_custom_rule_with_an_unknown_member_or_without_a_pattern_is_a_reason()
    {
        var item = Seed("acme", ("redact", TenantAttribute.L([
            TenantAttribute.M([KeyValuePair.Create("name", S("x")), KeyValuePair.Create("regex", S("y"))]),
            TenantAttribute.M([KeyValuePair.Create("name", S("x"))]),
            TenantAttribute.N("3"),
        ])));

        var reasons = Assert.IsType<InvalidTenantDelivery>(ParseOne(item)).Reasons;

        Assert.Contains(reasons, r => r.StartsWith("redact[0]: unknown member(s) regex", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("redact[1]: a custom rule needs name and pattern", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("redact[2]: must be S (a built-in rule name) or M", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_on_an_s3_delivery_are_refused_because_copies_are_byte_for_byte()
    {
        var item = With(S3(), "redact", TenantAttribute.L([S("email")]));

        var reasons = Assert.IsType<InvalidTenantDelivery>(ParseOne(item)).Reasons;

        Assert.Contains(reasons, r => r.Contains("content rules apply to cloudwatch deliveries only", StringComparison.Ordinal)
            && r.Contains("byte for byte", StringComparison.Ordinal));
    }

    [Fact]
    public void The_writer_round_trips_the_rules()
    {
        var item = Seed("acme",
            ("include_patterns", TenantAttribute.L([S("a+")])),
            ("exclude_patterns", TenantAttribute.L([S("b")])),
            ("redact", TenantAttribute.L([S("jwt"), Rule("pin", "pin=[0-9]{4}"), Rule("ip6", "[0-9a-f:]{7,}", "[ip]")])));
        var config = Assert.IsType<ValidTenantDelivery>(ParseOne(item)).Config;

        var written = TenantItemWriter.Write(config);
        var again = Assert.IsType<ValidTenantDelivery>(ParseOne(written)).Config;

        Assert.Equal(config, again);
        Assert.Equal(item["redact"], written["redact"]);
    }
}
