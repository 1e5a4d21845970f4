using LogGrains.Abstractions;

namespace LogGrains.Grains;

/// <summary>One object waiting in a stream grain's queue, and what happened to it so far.</summary>
internal sealed class PendingObject(StreamDelivery delivery)
{
    private readonly TaskCompletionSource<StreamOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StreamDelivery Delivery { get; } = delivery;

    public string Key => Delivery.Staged.Key;

    public Task<StreamOutcome> Outcome => _completion.Task;

    public bool IsFinished => _completion.Task.IsCompleted;

    /// <summary>Set once every piece of the object has been planned: the position after its last piece.</summary>
    public long? PiecesSeen { get; set; }

    public long Events { get; set; }

    public long Bytes { get; set; }

    public int Batches { get; set; }

    public int Throttles { get; set; }

    public long Rejected { get; set; }

    public long Excluded { get; set; }

    /// <summary>Events the content rules passed on, in the last planning of the object.</summary>
    public long ContentKept { get; set; }

    /// <summary>Events the content rules dropped, in the last planning of the object.</summary>
    public long ContentExcluded { get; set; }

    /// <summary>Kept events the content rules redacted, in the last planning of the object.</summary>
    public long ContentRedacted { get; set; }

    /// <summary>Matches per redaction rule, in the last planning of the object; null without content rules.</summary>
    public IReadOnlyDictionary<string, long>? ContentMatches { get; set; }

    public void Finish(DeliveryStatus status, string reason) =>
        _completion.TrySetResult(new StreamOutcome(
            status, reason, Events, Bytes, Batches, Throttles, Rejected, Excluded, ContentKept, ContentExcluded, ContentRedacted, ContentMatches));
}
