namespace LogGrains.Abstractions;

/// <summary>The result of delivering one object.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Reason">Why, for anything but a clean delivery; names the tenant, key and operation at fault.</param>
/// <param name="Events">Events accepted by the destination during this call.</param>
/// <param name="Bytes">Message bytes accepted during this call.</param>
/// <param name="ContentExcluded">Events the delivery's content rules dropped.</param>
/// <param name="ContentRedacted">Events in which the delivery's content rules redacted something.</param>
[GenerateSerializer, Immutable, Alias("loggrains.DeliveryOutcome")]
public sealed record DeliveryOutcome(
    [property: Id(0)] DeliveryStatus Status,
    [property: Id(1)] string Reason,
    [property: Id(2)] long Events,
    [property: Id(3)] long Bytes,
    [property: Id(4)] long ContentExcluded = 0,
    [property: Id(5)] long ContentRedacted = 0)
{
    /// <summary>Whether the notification can be deleted: delivered, filtered or a duplicate.</summary>
    public bool IsDone => Status is DeliveryStatus.Delivered or DeliveryStatus.Filtered or DeliveryStatus.Duplicate;

    /// <summary>A clean delivery.</summary>
    public static DeliveryOutcome Done(long events, long bytes) => new(DeliveryStatus.Delivered, string.Empty, events, bytes);

    /// <summary>A failure or skip with a reason.</summary>
    public static DeliveryOutcome Of(DeliveryStatus status, string reason) => new(status, reason, 0, 0);
}
