namespace LogGrains.Core.Notifications;

/// <summary>
/// What one queue message body turned out to be. Exactly one of <see cref="ObjectsNotification"/>,
/// <see cref="TestEventNotification"/>, <see cref="IgnoredNotification"/> or <see cref="RejectedNotification"/>.
/// </summary>
public abstract record NotificationResult
{
    private protected NotificationResult()
    {
    }
}
