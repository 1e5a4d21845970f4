using System.Globalization;
using System.Text.Json;
using LogGrains.Core.Keys;
using LogGrains.Core.Objects;

namespace LogGrains.Core.Notifications;

/// <summary>
/// Reads an SQS message body carrying an S3 event notification, either inside an SNS envelope
/// (<c>Type: Notification</c>, <c>Message</c> = the S3 event as a JSON string) or raw
/// (SNS raw message delivery, or S3 sending to SQS directly).
/// </summary>
/// <remarks>
/// <para>
/// Object keys are URL-decoded exactly once (<see cref="S3KeyDecoding"/>). Key layout validation is
/// deliberately not done here: the caller runs <see cref="KeyLayout.TryParse"/> on each
/// <see cref="ObjectRef"/>, so one malformed key dead-letters that object only and does not hide the
/// other records of the same message.
/// </para>
/// <para>
/// A record that is structurally broken (no bucket, no key, a key that does not decode, no event
/// time) rejects the whole message: S3 never writes such a record, so the message is not a genuine
/// S3 event and goes to the dead-letter queue whole, with the record index in the reason.
/// EventBridge events are out of scope and rejected with a reason saying so.
/// </para>
/// </remarks>
public static class NotificationParser
{
    private const string ObjectCreatedPrefix = "ObjectCreated:";

    /// <summary>Parses one message body.</summary>
    /// <param name="sqsBody">The SQS message body.</param>
    /// <returns>One of <see cref="ObjectsNotification"/>, <see cref="TestEventNotification"/>, <see cref="IgnoredNotification"/> or <see cref="RejectedNotification"/>.</returns>
    public static NotificationResult Parse(string? sqsBody)
    {
        if (string.IsNullOrWhiteSpace(sqsBody))
        {
            return new RejectedNotification(NotificationRejectionReason.NotJson, "the message body is empty");
        }

        if (!TryParseJson(sqsBody, out var document, out var error))
        {
            return new RejectedNotification(NotificationRejectionReason.NotJson, $"the message body is not JSON: {error}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new RejectedNotification(
                    NotificationRejectionReason.UnknownShape,
                    $"the message body is a JSON {root.ValueKind}, not an object");
            }

            if (!root.TryGetProperty("Records", out _) && root.TryGetProperty("Type", out var type))
            {
                return ParseSnsEnvelope(root, type);
            }

            return ParseS3Event(root, "the message body");
        }
    }

    private static NotificationResult ParseSnsEnvelope(JsonElement root, JsonElement type)
    {
        if (type.ValueKind != JsonValueKind.String || type.GetString() != "Notification")
        {
            return new RejectedNotification(
                NotificationRejectionReason.InvalidSnsEnvelope,
                $"the SNS envelope's Type is {Describe(type)}, not 'Notification'");
        }

        if (!root.TryGetProperty("Message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            return new RejectedNotification(
                NotificationRejectionReason.InvalidSnsEnvelope,
                "the SNS envelope has no Message string");
        }

        if (!TryParseJson(message.GetString()!, out var inner, out var error))
        {
            return new RejectedNotification(NotificationRejectionReason.NotJson, $"the SNS Message is not JSON: {error}");
        }

        using (inner)
        {
            if (inner.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new RejectedNotification(
                    NotificationRejectionReason.UnknownShape,
                    $"the SNS Message is a JSON {inner.RootElement.ValueKind}, not an object");
            }

            return ParseS3Event(inner.RootElement, "the SNS Message");
        }
    }

    private static NotificationResult ParseS3Event(JsonElement s3Event, string where)
    {
        if (s3Event.TryGetProperty("detail-type", out _))
        {
            return new RejectedNotification(
                NotificationRejectionReason.EventBridgeUnsupported,
                $"{where} is an EventBridge event; LogGrains consumes S3 event notifications (via SNS or SQS) only");
        }

        if (!s3Event.TryGetProperty("Records", out var records))
        {
            if (s3Event.TryGetProperty("Event", out var evt) && evt.ValueKind == JsonValueKind.String && evt.GetString() == "s3:TestEvent")
            {
                return new TestEventNotification(OptionalString(s3Event, "Bucket"));
            }

            return new RejectedNotification(
                NotificationRejectionReason.UnknownShape,
                $"{where} is neither an S3 event (no Records) nor an s3:TestEvent");
        }

        if (records.ValueKind != JsonValueKind.Array)
        {
            return new RejectedNotification(
                NotificationRejectionReason.UnknownShape,
                $"{where}: Records is a JSON {records.ValueKind}, not an array");
        }

        if (records.GetArrayLength() == 0)
        {
            return new IgnoredNotification(NotificationIgnoreReason.NoRecords, $"{where} has an empty Records array");
        }

        var objects = new List<ObjectRef>();
        var ignoredNames = new List<string>();
        var index = 0;
        foreach (var record in records.EnumerateArray())
        {
            var result = ParseRecord(record, index, out var objectRef, out var eventName);
            if (result is not null)
            {
                return result;
            }

            if (objectRef is null)
            {
                ignoredNames.Add(eventName);
            }
            else
            {
                objects.Add(objectRef);
            }

            index++;
        }

        if (objects.Count == 0)
        {
            return new IgnoredNotification(
                NotificationIgnoreReason.NoObjectCreatedRecords,
                $"no ObjectCreated record among {ignoredNames.Count}: {string.Join(", ", ignoredNames.Distinct(StringComparer.Ordinal))}");
        }

        return new ObjectsNotification(objects, ignoredNames.Count);
    }

    private static RejectedNotification? ParseRecord(JsonElement record, int index, out ObjectRef? objectRef, out string eventName)
    {
        objectRef = null;
        eventName = "";
        var at = $"record {index}";
        if (record.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"{at} is a JSON {record.ValueKind}, not an object");
        }

        var source = OptionalString(record, "eventSource");
        if (source != "aws:s3")
        {
            return Invalid($"{at}: eventSource is '{source}', not 'aws:s3'");
        }

        eventName = OptionalString(record, "eventName");
        if (eventName.Length == 0)
        {
            return Invalid($"{at}: eventName is missing");
        }

        var name = eventName.StartsWith("s3:", StringComparison.Ordinal) ? eventName[3..] : eventName;
        if (!name.StartsWith(ObjectCreatedPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        if (!record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"{at}: s3 is missing");
        }

        var bucket = s3.TryGetProperty("bucket", out var b) && b.ValueKind == JsonValueKind.Object ? OptionalString(b, "name") : "";
        if (bucket.Length == 0)
        {
            return Invalid($"{at}: s3.bucket.name is missing or empty");
        }

        if (!s3.TryGetProperty("object", out var obj) || obj.ValueKind != JsonValueKind.Object)
        {
            return Invalid($"{at}: s3.object is missing");
        }

        var rawKey = OptionalString(obj, "key");
        if (rawKey.Length == 0)
        {
            return Invalid($"{at}: s3.object.key is missing or empty");
        }

        if (!S3KeyDecoding.TryDecode(rawKey, out var key, out var keyProblem))
        {
            return new RejectedNotification(NotificationRejectionReason.UndecodableKey, $"{at}: s3.object.key '{rawKey}': {keyProblem}");
        }

        long size = 0;
        if (obj.TryGetProperty("size", out var sizeElement) && sizeElement.ValueKind != JsonValueKind.Null &&
            (sizeElement.ValueKind != JsonValueKind.Number || !sizeElement.TryGetInt64(out size) || size < 0))
        {
            return Invalid($"{at}: s3.object.size is {Describe(sizeElement)}, not a non-negative integer");
        }

        var timeText = OptionalString(record, "eventTime");
        if (!DateTimeOffset.TryParse(
                timeText,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var eventTime))
        {
            return Invalid($"{at}: eventTime '{timeText}' is missing or not an ISO 8601 time");
        }

        objectRef = new ObjectRef(
            bucket,
            key,
            size,
            OptionalString(obj, "eTag").Trim('"'),
            OptionalString(obj, "sequencer"),
            eventTime);
        return null;
    }

    private static RejectedNotification Invalid(string detail) => new(NotificationRejectionReason.InvalidRecord, detail);

    private static string OptionalString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static string Describe(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? $"'{element.GetString()}'" : $"a JSON {element.ValueKind}";

    private static bool TryParseJson(string text, out JsonDocument document, out string error)
    {
        try
        {
            document = JsonDocument.Parse(text);
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            document = null!;
            error = ex.Message;
            return false;
        }
    }
}
