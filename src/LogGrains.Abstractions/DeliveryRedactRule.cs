namespace LogGrains.Abstractions;

/// <summary>One <c>redact</c> entry on the wire: a built-in rule by name (no pattern) or a custom rule.</summary>
/// <param name="Name">The rule's name.</param>
/// <param name="Pattern">The custom rule's pattern; null for a built-in.</param>
/// <param name="Replacement">The custom rule's replacement; null = <c>[REDACTED:name]</c>.</param>
[GenerateSerializer, Immutable, Alias("loggrains.DeliveryRedactRule")]
public sealed record DeliveryRedactRule(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Pattern,
    [property: Id(2)] string? Replacement);
