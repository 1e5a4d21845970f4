namespace LogGrains.Core.Notifications;

/// <summary>
/// The <c>s3:TestEvent</c> S3 sends when a notification is configured: it carries no records and
/// is deleted quietly.
/// </summary>
/// <param name="Bucket">The bucket named by the test event; empty when it did not say.</param>
public sealed record TestEventNotification(string Bucket) : NotificationResult;
