using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Sqs;

/// <summary>
/// <see cref="INotificationSource"/> over an SQS queue and its dead-letter queue. Throttling, 5xx and timeouts
/// are retried by the SDK (<see cref="SqsNotificationSourceOptions.MaxErrorRetry"/>); what still fails surfaces as
/// <see cref="DeliveryErrorClass.Transient"/>: nothing SQS says makes a message poison.
/// </summary>
internal sealed class SqsNotificationSource : INotificationSource, IDisposable
{
    private const int MaxBatch = 10;
    private const int MaxWaitSeconds = 20;
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    private readonly AmazonSQSClient _sqs;
    private readonly string _queueUrl;
    private readonly string _deadLetterQueueUrl;
    private readonly ILogger _logger;

    /// <summary>The DI constructor: the cluster's own credentials from the SDK's default chain.</summary>
    public SqsNotificationSource(IOptions<SqsNotificationSourceOptions> options, ILogger<SqsNotificationSource> logger)
        : this(options?.Value!, credentials: null, logger)
    {
    }

    internal SqsNotificationSource(SqsNotificationSourceOptions options, AWSCredentials? credentials, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new SqsNotificationSourceOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(SqsNotificationSourceOptions), typeof(SqsNotificationSourceOptions), validation.Failures);
        }

        _queueUrl = options.QueueUrl;
        _deadLetterQueueUrl = options.DeadLetterQueueUrl;
        _logger = logger ?? NullLogger.Instance;
        var config = CreateConfig(options);
        _sqs = credentials is null ? new AmazonSQSClient(config) : new AmazonSQSClient(credentials, config);
    }

    public async Task<IReadOnlyList<SourceMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxBatch);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(wait, TimeSpan.FromSeconds(MaxWaitSeconds));

        var request = new ReceiveMessageRequest
        {
            QueueUrl = _queueUrl,
            MaxNumberOfMessages = maxMessages,
            WaitTimeSeconds = (int)wait.TotalSeconds,
            MessageSystemAttributeNames = ["ApproximateReceiveCount"],
        };
        var response = await CallAsync("ReceiveMessage", _queueUrl, "", "", () => _sqs.ReceiveMessageAsync(request, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (response.Messages is not { Count: > 0 } messages)
        {
            return [];
        }

        var result = new SourceMessage[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            result[i] = new SourceMessage(m.MessageId ?? "", m.ReceiptHandle ?? "", m.Body ?? "", ReceiveCountOf(m));
        }

        return result;
    }

    public Task<IReadOnlyList<SourceMessage>> DeleteAsync(IReadOnlyList<SourceMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return PerBatchAsync(
            messages,
            "DeleteMessageBatch",
            chunk => _sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest
                {
                    QueueUrl = _queueUrl,
                    Entries = [.. chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(EntryId(i), m.ReceiptHandle))],
                },
                cancellationToken),
            response => response.Failed,
            (message, entry) => _logger.DeleteEntryFailed(message.MessageId, _queueUrl, entry.Code, entry.Message),
            cancellationToken);
    }

    /// <remarks>
    /// One ChangeMessageVisibilityBatch per 10 messages. An entry SQS refuses (most often a receipt handle that is no
    /// longer current) is returned, not thrown: the others of its batch were extended.
    /// </remarks>
    public Task<IReadOnlyList<SourceMessage>> ExtendVisibilityAsync(IReadOnlyList<SourceMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibility, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visibility, MaxVisibility);
        var seconds = (int)Math.Ceiling(visibility.TotalSeconds);
        return PerBatchAsync(
            messages,
            "ChangeMessageVisibilityBatch",
            chunk => _sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = _queueUrl,
                    Entries = [.. chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(EntryId(i), m.ReceiptHandle) { VisibilityTimeout = seconds })],
                },
                cancellationToken),
            response => response.Failed,
            (message, entry) => _logger.VisibilityEntryFailed(message.MessageId, _queueUrl, entry.Code, entry.Message),
            cancellationToken);
    }

    private static string EntryId(int index) => index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Sends <paramref name="messages"/> ten to a batch call, one call after the other, and returns those whose entry SQS
    /// refused (matched by the entry id, their index in the batch), each logged once.
    /// </summary>
    private async Task<IReadOnlyList<SourceMessage>> PerBatchAsync<TResponse>(
        IReadOnlyList<SourceMessage> messages,
        string operation,
        Func<SourceMessage[], Task<TResponse>> send,
        Func<TResponse, List<BatchResultErrorEntry>?> refused,
        Action<SourceMessage, BatchResultErrorEntry> logRefused,
        CancellationToken cancellationToken)
    {
        var failed = new List<SourceMessage>();
        foreach (var chunk in messages.Chunk(MaxBatch))
        {
            var response = await CallAsync(operation, _queueUrl, "", "", () => send(chunk), cancellationToken).ConfigureAwait(false);
            foreach (var entry in refused(response) ?? [])
            {
                if (int.TryParse(entry.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < chunk.Length)
                {
                    logRefused(chunk[index], entry);
                    failed.Add(chunk[index]);
                }
            }
        }

        return failed;
    }

    /// <remarks>
    /// A receipt handle that is no longer valid (the message became visible again, was received by another silo, or
    /// was deleted) is not swallowed: the port promises <see cref="DeliveryErrorClass.Transient"/>, and the caller is
    /// the one that knows whether "the message will come back anyway" is good enough. It is logged at Information only.
    /// SQS counts the 12 hours from the first receipt, not from this call, so a long visibility asked for late is
    /// refused (InvalidParameterValue, surfaced as transient); the message then reappears when its current timeout ends.
    /// </remarks>
    public async Task ChangeVisibilityAsync(SourceMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(visibility, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(visibility, MaxVisibility);

        var request = new ChangeMessageVisibilityRequest
        {
            QueueUrl = _queueUrl,
            ReceiptHandle = message.ReceiptHandle,
            VisibilityTimeout = (int)Math.Ceiling(visibility.TotalSeconds),
        };
        try
        {
            await _sqs.ChangeMessageVisibilityAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException e) when (IsStaleReceipt(e))
        {
            _logger.ReceiptHandleInvalid(message.MessageId, _queueUrl, "ChangeMessageVisibility", e.ErrorCode);
            throw new DeliveryException(
                DeliveryErrorClass.Transient,
                "sqs:ChangeMessageVisibility",
                "",
                "",
                $"receipt handle of message {message.MessageId} on {_queueUrl} is no longer valid ({e.ErrorCode}: {e.Message}): the message is visible again or deleted",
                e);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            throw Transient("ChangeMessageVisibility", _queueUrl, "", "", e);
        }
    }

    public async Task DeadLetterAsync(SourceMessage message, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(deadLetter);
        var send = new SendMessageRequest
        {
            QueueUrl = _deadLetterQueueUrl,
            MessageBody = message.Body,
            MessageAttributes = DeadLetterAttributes.For(message, deadLetter),
        };
        var sent = await CallAsync(
                "SendMessage", _deadLetterQueueUrl, deadLetter.Tenant, deadLetter.ObjectKey, () => _sqs.SendMessageAsync(send, cancellationToken), cancellationToken)
            .ConfigureAwait(false);

        try
        {
            await CallAsync(
                    "DeleteMessage",
                    _queueUrl,
                    deadLetter.Tenant,
                    deadLetter.ObjectKey,
                    () => _sqs.DeleteMessageAsync(new DeleteMessageRequest { QueueUrl = _queueUrl, ReceiptHandle = message.ReceiptHandle }, cancellationToken),
                    cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DeliveryException e)
        {
            _logger.DeadLetterDeleteFailed(message.MessageId, _deadLetterQueueUrl, sent.MessageId ?? "", _queueUrl, e);
            throw;
        }

        _logger.DeadLettered(
            message.MessageId, sent.MessageId ?? "", _deadLetterQueueUrl, deadLetter.ErrorClass, deadLetter.Tenant, deadLetter.ObjectKey, deadLetter.Reason);
    }

    public void Dispose() => _sqs.Dispose();

    internal static AmazonSQSConfig CreateConfig(SqsNotificationSourceOptions options)
    {
        var config = new AmazonSQSConfig { MaxErrorRetry = options.MaxErrorRetry, MaxStaleConnectionRetries = AwsClientDefaults.MaxStaleConnectionRetries };
        if (options.Region is { } region)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            config.AuthenticationRegion = region;
        }

        if (options.ServiceUrl is { } serviceUrl)
        {
            config.ServiceURL = serviceUrl.ToString();
        }

        return config;
    }

    private static int ReceiveCountOf(Message message) =>
        message.Attributes is { } attributes
        && attributes.TryGetValue("ApproximateReceiveCount", out var text)
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : 1;

    private static bool IsStaleReceipt(AmazonSQSException e) =>
        e is ReceiptHandleIsInvalidException or MessageNotInflightException
        || e.ErrorCode is "ReceiptHandleIsInvalid" or "MessageNotInflight" or "AWS.SimpleQueueService.MessageNotInflight";

    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task<T> CallAsync<T>(
        string operation, string queueUrl, string tenant, string objectKey, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            throw Transient(operation, queueUrl, tenant, objectKey, e);
        }
    }

    private DeliveryException Transient(string operation, string queueUrl, string tenant, string objectKey, Exception e)
    {
        var code = (e as AmazonServiceException)?.ErrorCode;
        var status = e is AmazonServiceException service ? $"HTTP {(int)service.StatusCode} " : "";
        var detail = $"{status}{code ?? e.GetType().Name} on {queueUrl}: {e.Message}";
        _logger.CallFailed(operation, queueUrl, code, detail);
        return new DeliveryException(DeliveryErrorClass.Transient, "sqs:" + operation, tenant, objectKey, detail, e);
    }
}
