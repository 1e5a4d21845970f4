namespace LogGrains.Core.Notifications;

/// <summary>Why a well-formed S3 event is deleted without delivering anything.</summary>
public enum NotificationIgnoreReason
{
    /// <summary>The event's <c>Records</c> array is empty.</summary>
    NoRecords,

    /// <summary>No record is an <c>ObjectCreated:*</c> event (e.g. only <c>ObjectRemoved:Delete</c>).</summary>
    NoObjectCreatedRecords,
}
