using LogGrains.Core.Content;

namespace LogGrains.Abstractions;

/// <summary>
/// A delivery's content rules on their way from the tenant grain to the stream grain: the configured spec, which the
/// stream grain compiles (once per distinct spec and silo, <see cref="ContentRules.TryCompile"/>).
/// </summary>
/// <param name="Include">The <c>include_patterns</c>.</param>
/// <param name="Exclude">The <c>exclude_patterns</c>.</param>
/// <param name="Redact">The <c>redact</c> rules.</param>
[GenerateSerializer, Immutable, Alias("loggrains.DeliveryContentRules")]
public sealed record DeliveryContentRules(
    [property: Id(0)] IReadOnlyList<string> Include,
    [property: Id(1)] IReadOnlyList<string> Exclude,
    [property: Id(2)] IReadOnlyList<DeliveryRedactRule> Redact)
{
    /// <summary>The wire shape of <paramref name="spec"/>, or null when it has no rule.</summary>
    /// <param name="spec">The validated spec, or null.</param>
    /// <returns>The rules, or null.</returns>
    public static DeliveryContentRules? From(ContentRuleSpec? spec) => spec is null || spec.IsEmpty
        ? null
        : new DeliveryContentRules(
            [.. spec.Include],
            [.. spec.Exclude],
            [.. spec.Redact.Select(r => new DeliveryRedactRule(r.Name, r.Pattern, r.Replacement))]);

    /// <summary>The spec these rules carry.</summary>
    /// <returns>A new spec.</returns>
    public ContentRuleSpec ToSpec() =>
        new([.. Include], [.. Exclude], [.. Redact.Select(r => new RedactRuleSpec(r.Name, r.Pattern, r.Replacement))]);
}
