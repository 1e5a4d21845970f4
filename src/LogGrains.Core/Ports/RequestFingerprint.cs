using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LogGrains.Core.Batching;

namespace LogGrains.Core.Ports;

/// <summary>
/// A compact fingerprint of a PutLogEvents request: SHA-256 over every event in send order (timestamp, message length,
/// UTF-8 message bytes), the first 16 bytes in hex. The sender computes it from the planned group; the readback
/// computes it from events as the destination returns them, so equal fingerprints mean the same events in the same
/// order.
/// </summary>
public static class RequestFingerprint
{
    /// <summary>The fingerprint of a group's events in the order they are sent.</summary>
    /// <param name="group">The planned request.</param>
    public static string Of(BatchGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        group.VisitInSendOrder((timestamp, message) => Append(hash, timestamp, message));
        return Finish(hash);
    }

    /// <summary>The fingerprint of <paramref name="count"/> stored events from <paramref name="start"/>.</summary>
    /// <param name="events">Events as read back, in stored order.</param>
    /// <param name="start">The first event.</param>
    /// <param name="count">How many events.</param>
    public static string Of(IReadOnlyList<StoredLogEvent> events, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(events);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = start; i < start + count; i++)
        {
            Append(hash, events[i].Timestamp, Encoding.UTF8.GetBytes(events[i].Message));
        }

        return Finish(hash);
    }

    /// <summary>
    /// Whether <paramref name="events"/> (a stream's events around the request's time range, in stored order) hold the
    /// request's events as one contiguous run. A PutLogEvents request is accepted whole or not at all, so its events are
    /// either all there or none. Events of another request interleaved with it by timestamp make the run
    /// non-contiguous: then this answers false, and the request is sent again (a duplicate, never a loss).
    /// </summary>
    /// <param name="request">The recorded request.</param>
    /// <param name="events">The events read back.</param>
    public static bool IsPresent(InFlightRequest request, IReadOnlyList<StoredLogEvent> events) => IndexOf(request, events) >= 0;

    /// <summary>Where the request's events start in <paramref name="events"/> (see <see cref="IsPresent"/>), or -1 when they are not there.</summary>
    /// <param name="request">The recorded request.</param>
    /// <param name="events">The events read back.</param>
    public static int IndexOf(InFlightRequest request, IReadOnlyList<StoredLogEvent> events)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i + request.Events <= events.Count; i++)
        {
            if (events[i].Timestamp == request.FirstTimestamp
                && events[i + request.Events - 1].Timestamp == request.LastTimestamp
                && Of(events, i, request.Events) == request.Fingerprint)
            {
                return i;
            }
        }

        return -1;
    }

    private static void Append(IncrementalHash hash, long timestamp, ReadOnlySpan<byte> message)
    {
        Span<byte> head = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(head, timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], message.Length);
        hash.AppendData(head);
        hash.AppendData(message);
    }

    private static string Finish(IncrementalHash hash)
    {
        Span<byte> digest = stackalloc byte[32];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
