namespace LogGrains.Abstractions;

/// <summary>The result of one stream grain call, with what it did on the wire.</summary>
/// <remarks>The content counts (fields 8 to 11) are zero and null when the delivery has no content rules.</remarks>
/// <param name="Status">How it ended.</param>
/// <param name="Reason">Why, for anything but a clean delivery.</param>
/// <param name="Events">Events accepted by CloudWatch during this call.</param>
/// <param name="Bytes">Message bytes accepted during this call.</param>
/// <param name="Batches">PutLogEvents requests accepted.</param>
/// <param name="Throttles">Throttling answers met.</param>
/// <param name="Rejected">Events CloudWatch rejected.</param>
/// <param name="Excluded">Events not sent for their age (too old, too new).</param>
/// <param name="ContentKept">Events the content rules passed on (redacted or not).</param>
/// <param name="ContentExcluded">Events the content rules dropped (include/exclude, or redacted to nothing).</param>
/// <param name="ContentRedacted">Kept events in which a redaction rule matched.</param>
/// <param name="ContentMatches">Matches per redaction rule name; null when none.</param>
[GenerateSerializer, Immutable, Alias("loggrains.StreamOutcome")]
public sealed record StreamOutcome(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Events,
    [property: Id(3)] long Bytes,
    [property: Id(4)] int Batches,
    [property: Id(5)] int Throttles,
    [property: Id(6)] long Rejected,
    [property: Id(7)] long Excluded,
    [property: Id(8)] long ContentKept = 0,
    [property: Id(9)] long ContentExcluded = 0,
    [property: Id(10)] long ContentRedacted = 0,
    [property: Id(11)] IReadOnlyDictionary<string, long>? ContentMatches = null);
