using LogGrains.Abstractions;

namespace LogGrains.Grains.Polling;

/// <summary>What to do with one queue message once its records have been tried.</summary>
internal enum MessageAction
{
    Delete,
    Retry,
    DeadLetter,
}

/// <summary>Combines the outcomes of a message's records into one action.</summary>
/// <param name="Action">Delete, retry later or dead-letter.</param>
/// <param name="ErrorClass">The worst failure class, for the dead-letter attributes.</param>
/// <param name="Reason">Why, naming the records at fault.</param>
/// <param name="Tenant">The tenant of the first failing record.</param>
/// <param name="ObjectKey">The key of the first failing record.</param>
internal sealed record MessageVerdict(MessageAction Action, Core.Ports.DeliveryErrorClass ErrorClass, string Reason, string Tenant, string ObjectKey)
{
    public static MessageVerdict Delete { get; } = new(MessageAction.Delete, Core.Ports.DeliveryErrorClass.Transient, string.Empty, string.Empty, string.Empty);

    /// <summary>
    /// A record this silo could not even try (cluster-blocked: our own central role is refused) retries the message
    /// however often it came, since nothing about it is at fault; any other retryable failure retries it until
    /// <paramref name="maxAttempts"/> receives, then dead-letters it; otherwise any poison dead-letters it; otherwise
    /// it is deleted.
    /// </summary>
    public static MessageVerdict Combine(IReadOnlyList<RecordResult> results, int receiveCount, int maxAttempts)
    {
        if (results.FirstOrDefault(r => r.Outcome.Status == DeliveryStatus.ClusterBlocked) is { } blocked)
        {
            return new MessageVerdict(MessageAction.Retry, Core.Ports.DeliveryErrorClass.ClusterBlocked, blocked.Outcome.Reason, blocked.Tenant, blocked.ObjectKey);
        }

        var retryable = results.FirstOrDefault(r => r.Outcome.Status is DeliveryStatus.Transient or DeliveryStatus.TenantBlocked);
        if (retryable is not null)
        {
            var errorClass = retryable.Outcome.Status == DeliveryStatus.TenantBlocked
                ? Core.Ports.DeliveryErrorClass.TenantBlocked
                : Core.Ports.DeliveryErrorClass.Transient;
            return receiveCount < maxAttempts
                ? new MessageVerdict(MessageAction.Retry, errorClass, retryable.Outcome.Reason, retryable.Tenant, retryable.ObjectKey)
                : new MessageVerdict(
                    MessageAction.DeadLetter,
                    errorClass,
                    $"gave up after {receiveCount} attempts: {retryable.Outcome.Reason}",
                    retryable.Tenant,
                    retryable.ObjectKey);
        }

        var poison = results.FirstOrDefault(r => r.Outcome.Status == DeliveryStatus.Poison);
        return poison is null
            ? Delete
            : new MessageVerdict(MessageAction.DeadLetter, Core.Ports.DeliveryErrorClass.Poison, poison.Outcome.Reason, poison.Tenant, poison.ObjectKey);
    }
}

/// <summary>The outcome of one record of a message.</summary>
internal sealed record RecordResult(string Tenant, string ObjectKey, DeliveryOutcome Outcome);
