using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Usage;

/// <summary>
/// One piece of counted work: its key, its counts and an id derived from what it counts, so that recording the same
/// work again — a retried request, a redelivered object, the redo after a crash — yields the same id and is ignored
/// by the <see cref="Ports.IUsageLedger"/>.
/// </summary>
/// <param name="Key">The tenant, UTC day and delivery the counts belong to.</param>
/// <param name="Counts">What the work used.</param>
/// <param name="Id">The idempotency id: a kind prefix and 32 hex digits of a SHA-256 of what the entry counts.</param>
public sealed record UsageEntry(UsageKey Key, UsageCounts Counts, string Id)
{
    /// <summary>
    /// An accepted PutLogEvents request. Its id comes from the stream, the request's fingerprint and the instant it was
    /// declared in flight (in milliseconds, as the stored record keeps it), all of which the <see cref="InFlightRequest"/> record keeps: the readback after a crash
    /// rebuilds the same entry, while a request sent again after a failed readback is another request (CloudWatch may
    /// hold both) with its own id. Its day is the UTC day the request was declared, so the redo lands on the same day.
    /// </summary>
    /// <param name="stream">The log stream the request went to.</param>
    /// <param name="request">The request as declared in flight.</param>
    /// <param name="counts">What it used (<see cref="UsageCounts.OfAcceptedRequest"/>, or the readback's count).</param>
    public static UsageEntry ForPutLogEvents(LogTarget stream, InFlightRequest request, UsageCounts counts)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        return new UsageEntry(
            new UsageKey(stream.Tenant, UsageKey.DayOf(request.DeclaredAt), DeliveryType.CloudWatch),
            counts,
            IdOf("put", stream.Tenant, stream.Region, stream.LogGroupName, stream.LogStreamName, request.Fingerprint, request.DeclaredAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// A staged object finished by one delivery: every piece accepted by CloudWatch Logs, or copied to S3. Its id comes
    /// from the tenant, the delivery and the object's key — the identity the stream's checkpoints give an object, and all
    /// that the readback after a crash knows of it — so the same object finished again (a duplicate notification, the
    /// redo after a crash) is not counted again while the ledger remembers the id.
    /// </summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="delivery">The delivery that finished it.</param>
    /// <param name="objectKey">The staged object's key.</param>
    /// <param name="day">The UTC day it finished.</param>
    /// <param name="counts">What it used; <see cref="UsageCounts.Objects"/> is set to 1 here.</param>
    public static UsageEntry ForObject(string tenant, DeliveryType delivery, string objectKey, DateOnly day, UsageCounts counts) => new(
        new UsageKey(tenant, day, delivery),
        counts with { Objects = 1 },
        IdOf("obj", tenant, UsageKey.NameOf(delivery), objectKey));

    /// <summary>An object of a known tenant sent to the dead-letter queue; the id comes from the tenant and the object key.</summary>
    /// <param name="tenant">The tenant.</param>
    /// <param name="delivery">The delivery charged with it.</param>
    /// <param name="objectKey">The staged object's key.</param>
    /// <param name="day">The UTC day it was dead-lettered.</param>
    public static UsageEntry ForDeadLetter(string tenant, DeliveryType delivery, string objectKey, DateOnly day) => new(
        new UsageKey(tenant, day, delivery),
        new UsageCounts(DeadLetters: 1),
        IdOf("dlq", tenant, objectKey));

    /// <summary>An id from a kind and the parts that identify the counted work (hashed: object keys can be long).</summary>
    /// <param name="kind">A short prefix saying what was counted.</param>
    /// <param name="parts">What identifies the work.</param>
    public static string IdOf(string kind, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            // Length-prefixed, so that no two different part lists give the same text.
            text.Append((part ?? string.Empty).Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('|');
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return $"{kind}-{Convert.ToHexStringLower(digest.AsSpan(0, 16))}";
    }
}
