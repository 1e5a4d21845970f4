namespace LogGrains.Core.Ports;

/// <summary>One message received from the notification source.</summary>
/// <param name="MessageId">The source's message id.</param>
/// <param name="ReceiptHandle">The handle for this receipt, needed to delete the message or change its visibility.</param>
/// <param name="Body">The message body (an SNS envelope or an S3 event), see <see cref="Notifications.NotificationParser"/>.</param>
/// <param name="ApproximateReceiveCount">How many times the message has been received, including this time (1 on first receipt).</param>
public sealed record SourceMessage(string MessageId, string ReceiptHandle, string Body, int ApproximateReceiveCount);
