namespace LogGrains.Core.Notifications;

/// <summary>
/// A message body LogGrains cannot act on; it goes to the dead-letter queue with <see cref="Detail"/> as the reason.
/// </summary>
/// <param name="Reason">The typed reason, usable as a metric label.</param>
/// <param name="Detail">A human-readable explanation naming the field or record at fault.</param>
public sealed record RejectedNotification(NotificationRejectionReason Reason, string Detail) : NotificationResult;
