namespace LogGrains.Core.Notifications;

/// <summary>
/// A well-formed S3 event that announces nothing to deliver; the message is deleted and counted under <see cref="Reason"/>.
/// </summary>
/// <param name="Reason">The typed reason, usable as a metric label.</param>
/// <param name="Detail">A human-readable explanation, e.g. the event names seen.</param>
public sealed record IgnoredNotification(NotificationIgnoreReason Reason, string Detail) : NotificationResult;
