namespace LogGrains.Abstractions;

/// <summary>What a tenant grain asks of a log stream grain: deliver this object's events into the stream.</summary>
/// <remarks>
/// Alias <c>loggrains.StreamDelivery.v2</c>: the first shape (alias <c>loggrains.StreamDelivery</c>) carried the
/// tenant's assumed-role credentials as field 1, secret and token included. Field 1 stays retired. During a rolling
/// upgrade a silo of one version cannot read the other's <see cref="StreamDelivery"/>; such a call fails, and its
/// message is retried (transient) until every silo runs the new version (docs/DELIVERY.md).
/// </remarks>
/// <param name="Staged">The staged object.</param>
/// <param name="Credentials">The tenant's role for the stream's account and region, which the stream grain's silo assumes.</param>
[GenerateSerializer, Immutable, Alias("loggrains.StreamDelivery.v2")]
public sealed record StreamDelivery(
    [property: Id(0)] StagedObject Staged,
    [property: Id(2)] CredentialReference Credentials);
