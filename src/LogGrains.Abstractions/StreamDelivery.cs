namespace LogGrains.Abstractions;

/// <summary>What a tenant grain asks of a log stream grain: deliver this object's events into the stream.</summary>
/// <remarks>
/// Alias <c>loggrains.StreamDelivery.v2</c>: the first shape (alias <c>loggrains.StreamDelivery</c>) carried the
/// tenant's assumed-role credentials as field 1, secret and token included. Field 1 stays retired. During a rolling
/// upgrade a silo of one version cannot read the other's <see cref="StreamDelivery"/>; such a call fails, and its
/// message is retried (transient) until every silo runs the new version (docs/DELIVERY.md).
/// Alias <c>v3</c> added field 3, the content rules. A new field alone would be read by a v2 silo, which skips fields
/// it does not know: it would deliver the object unfiltered and unredacted. A new alias makes that call fail instead
/// (retried as above), so that no secret leaves during a rolling upgrade.
/// </remarks>
/// <param name="Staged">The staged object.</param>
/// <param name="Credentials">The tenant's role for the stream's account and region, which the stream grain's silo assumes.</param>
/// <param name="Content">The delivery's content rules, or null when it has none.</param>
[GenerateSerializer, Immutable, Alias("loggrains.StreamDelivery.v3")]
public sealed record StreamDelivery(
    [property: Id(0)] StagedObject Staged,
    [property: Id(2)] CredentialReference Credentials,
    [property: Id(3)] DeliveryContentRules? Content = null);
