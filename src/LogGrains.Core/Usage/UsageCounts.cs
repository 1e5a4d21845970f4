using LogGrains.Core.Batching;

namespace LogGrains.Core.Usage;

/// <summary>
/// What one tenant's deliveries used; every field adds up, so a day's total is the sum of its entries.
/// </summary>
/// <param name="Objects">Staged objects finished (all their pieces accepted, or copied).</param>
/// <param name="Events">Events CloudWatch Logs accepted.</param>
/// <param name="MessageBytes">UTF-8 message bytes of those events (without the 26 bytes per event CloudWatch adds for its quota).</param>
/// <param name="PutLogEventsCalls">PutLogEvents requests CloudWatch Logs accepted.</param>
/// <param name="S3BytesCopied">Bytes copied into tenants' buckets by the <c>s3</c> delivery.</param>
/// <param name="EventsExcluded">Events the tenant's content rules kept from being sent (CloudWatch's own time window is not counted here).</param>
/// <param name="EventsRedacted">Events sent with some content redacted by the tenant's content rules.</param>
/// <param name="DeadLetters">Objects sent to the dead-letter queue.</param>
public readonly record struct UsageCounts(
    long Objects = 0,
    long Events = 0,
    long MessageBytes = 0,
    long PutLogEventsCalls = 0,
    long S3BytesCopied = 0,
    long EventsExcluded = 0,
    long EventsRedacted = 0,
    long DeadLetters = 0)
{
    /// <summary>Nothing used.</summary>
    public static UsageCounts Zero => default;

    /// <summary>The field names as stored and printed, in the order of the record.</summary>
    public static IReadOnlyList<string> FieldNames { get; } =
        ["objects", "events", "message_bytes", "put_log_events_calls", "s3_bytes_copied", "events_excluded", "events_redacted", "dead_letters"];

    /// <summary>The fields in the order of <see cref="FieldNames"/>.</summary>
    public IReadOnlyList<long> Values => [Objects, Events, MessageBytes, PutLogEventsCalls, S3BytesCopied, EventsExcluded, EventsRedacted, DeadLetters];

    /// <summary>Whether every field is zero.</summary>
    public bool IsZero => this == default;

    /// <summary>Builds counts from values in the order of <see cref="FieldNames"/>.</summary>
    /// <param name="values">Eight values.</param>
    public static UsageCounts FromValues(IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNotEqual(values.Count, FieldNames.Count, nameof(values));
        return new UsageCounts(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    /// <summary>
    /// What one accepted PutLogEvents request used: one call, and the events CloudWatch kept with their message bytes.
    /// The events it rejected are a prefix (too old, expired) and a suffix (too new) of the request in send order.
    /// </summary>
    /// <param name="group">The request as sent.</param>
    /// <param name="answer">CloudWatch's rejections for it.</param>
    public static UsageCounts OfAcceptedRequest(BatchGroup group, RejectedEventCounts answer)
    {
        ArgumentNullException.ThrowIfNull(group);
        var firstKept = answer.TooOld + answer.Expired;
        var endKept = group.Count - answer.TooNew;
        var index = 0;
        long bytes = 0;
        group.VisitInSendOrder((_, message) =>
        {
            if (index >= firstKept && index < endKept)
            {
                bytes += message.Length;
            }

            index++;
        });
        return new UsageCounts(Events: Math.Max(0, endKept - firstKept), MessageBytes: bytes, PutLogEventsCalls: 1);
    }

    /// <summary>Adds two counts field by field.</summary>
    public static UsageCounts operator +(UsageCounts left, UsageCounts right) => new(
        left.Objects + right.Objects,
        left.Events + right.Events,
        left.MessageBytes + right.MessageBytes,
        left.PutLogEventsCalls + right.PutLogEventsCalls,
        left.S3BytesCopied + right.S3BytesCopied,
        left.EventsExcluded + right.EventsExcluded,
        left.EventsRedacted + right.EventsRedacted,
        left.DeadLetters + right.DeadLetters);

    /// <summary>Adds two counts field by field.</summary>
    public static UsageCounts Add(UsageCounts left, UsageCounts right) => left + right;
}
