namespace LogGrains.Core.Notifications;

/// <summary>Why a message body is not an S3 event LogGrains can act on. Every reason is permanent (dead-letter queue).</summary>
public enum NotificationRejectionReason
{
    /// <summary>The body is empty or not JSON.</summary>
    NotJson,

    /// <summary>The body is JSON but neither an SNS notification nor an S3 event.</summary>
    UnknownShape,

    /// <summary>The body is an EventBridge event; LogGrains consumes S3 event notifications only.</summary>
    EventBridgeUnsupported,

    /// <summary>An SNS envelope that is not a usable <c>Notification</c> (another <c>Type</c>, or <c>Message</c> missing or not a string).</summary>
    InvalidSnsEnvelope,

    /// <summary>An S3 event record lacks a required field or has one of the wrong type.</summary>
    InvalidRecord,

    /// <summary>An object key is not a valid URL-encoded UTF-8 string.</summary>
    UndecodableKey,
}
