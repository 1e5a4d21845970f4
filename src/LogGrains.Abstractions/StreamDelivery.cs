namespace LogGrains.Abstractions;

/// <summary>What a tenant grain asks of a log stream grain: deliver this object's events into the stream.</summary>
/// <param name="Staged">The staged object.</param>
/// <param name="Credentials">The tenant's credentials for the stream's account and region.</param>
[GenerateSerializer, Immutable, Alias("loggrains.StreamDelivery")]
public sealed record StreamDelivery(
    [property: Id(0)] StagedObject Staged,
    [property: Id(1)] WireCredentials Credentials);
