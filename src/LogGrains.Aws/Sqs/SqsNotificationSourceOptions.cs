namespace LogGrains.Aws.Sqs;

/// <summary>Settings of the SQS notification source (configuration section <c>LogGrains:Sqs</c>).</summary>
public sealed class SqsNotificationSourceOptions
{
    /// <summary>The configuration section these settings are bound from.</summary>
    public const string SectionName = "LogGrains:Sqs";

    /// <summary>The URL of the queue the S3 notifications arrive on (<c>LogGrains:Sqs:QueueUrl</c>). Required.</summary>
    public string QueueUrl { get; set; } = "";

    /// <summary>The URL of the dead-letter queue poison messages are moved to (<c>LogGrains:Sqs:DeadLetterQueueUrl</c>). Required.</summary>
    public string DeadLetterQueueUrl { get; set; } = "";

    /// <summary>
    /// An explicit SQS endpoint (an emulator, a VPC endpoint); when null the SDK resolves it from the region
    /// and the standard <c>AWS_ENDPOINT_URL_SQS</c>/<c>AWS_ENDPOINT_URL</c> variables.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// The queues' region, e.g. <c>eu-west-1</c>; requests are signed for it even when an endpoint override is in
    /// force. When null the SDK's default region resolution applies (<c>AWS_REGION</c>, profile, instance metadata).
    /// </summary>
    public string? Region { get; set; }

    /// <summary>How many times the SDK retries a throttled, failed (5xx) or timed-out call before it surfaces.</summary>
    public int MaxErrorRetry { get; set; } = 4;
}
