namespace LogGrains.Abstractions;

/// <summary>The result of one stream grain call, with what it did on the wire.</summary>
[GenerateSerializer, Immutable, Alias("loggrains.StreamOutcome")]
public sealed record StreamOutcome(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Events,
    [property: Id(3)] long Bytes,
    [property: Id(4)] int Batches,
    [property: Id(5)] int Throttles,
    [property: Id(6)] long Rejected,
    [property: Id(7)] long Excluded);
