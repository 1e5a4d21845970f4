namespace LogGrains.Core.Batching;

/// <summary>
/// The CloudWatch Logs PutLogEvents limits the <see cref="BatchPlanner"/> enforces.
/// The defaults are the AWS limits; change one only to follow AWS or to test.
/// </summary>
/// <remarks>
/// Piece positions (and therefore checkpoints) depend on <see cref="MaxEventBytes"/> and
/// <see cref="PerEventOverheadBytes"/>: a resumed object must be planned with the same values
/// as the run that stored its checkpoint.
/// </remarks>
public sealed record BatchLimits
{
    /// <summary>The largest batch, counting UTF-8 message bytes plus <see cref="PerEventOverheadBytes"/> per event. Default 1,048,576.</summary>
    public int MaxBatchBytes { get; init; } = 1_048_576;

    /// <summary>The bytes CloudWatch counts per event on top of its message. Default 26.</summary>
    public int PerEventOverheadBytes { get; init; } = 26;

    /// <summary>The most events in one batch. Default 10,000.</summary>
    public int MaxEventsPerBatch { get; init; } = 10_000;

    /// <summary>
    /// The largest allowed difference between the newest and the oldest event of one batch.
    /// A span exactly equal is allowed; one millisecond more is not. Default 24 hours.
    /// </summary>
    public TimeSpan MaxBatchSpan { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The largest single event, counting its message bytes plus <see cref="PerEventOverheadBytes"/>;
    /// larger events are split. Default 262,144 (the older, stricter AWS figure; current AWS docs say 1 MiB).
    /// </summary>
    public int MaxEventBytes { get; init; } = 262_144;

    /// <summary>Events older than the planning time minus this are not sent. Default 14 days.</summary>
    public TimeSpan MaxEventAge { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Events newer than the planning time plus this are not sent. Default 2 hours.</summary>
    public TimeSpan MaxEventFuture { get; init; } = TimeSpan.FromHours(2);

    /// <summary>The largest message bytes of one event or piece: <see cref="MaxEventBytes"/> minus <see cref="PerEventOverheadBytes"/>.</summary>
    public int MaxPieceMessageBytes => MaxEventBytes - PerEventOverheadBytes;

    /// <summary>Checks that the limits are usable together.</summary>
    /// <exception cref="ArgumentException">A limit is out of range; the exception's parameter name is the property at fault.</exception>
    public void Validate()
    {
        RequirePositive(MaxBatchBytes, nameof(MaxBatchBytes));
        RequirePositive(PerEventOverheadBytes, nameof(PerEventOverheadBytes));
        RequirePositive(MaxEventsPerBatch, nameof(MaxEventsPerBatch));
        RequirePositive(MaxEventBytes, nameof(MaxEventBytes));
        RequirePositive(MaxBatchSpan, nameof(MaxBatchSpan));
        RequirePositive(MaxEventAge, nameof(MaxEventAge));
        RequirePositive(MaxEventFuture, nameof(MaxEventFuture));
        if (MaxEventBytes > MaxBatchBytes)
        {
            throw new ArgumentException(
                $"MaxEventBytes ({MaxEventBytes}) must be <= MaxBatchBytes ({MaxBatchBytes}).", nameof(MaxEventBytes));
        }

        // A piece must hold at least one whole code point (up to 4 UTF-8 bytes).
        if ((long)MaxEventBytes < (long)PerEventOverheadBytes + 4)
        {
            throw new ArgumentException(
                $"MaxEventBytes ({MaxEventBytes}) must be >= PerEventOverheadBytes + 4 ({(long)PerEventOverheadBytes + 4}) so that every piece holds a whole UTF-8 character.",
                nameof(MaxEventBytes));
        }
    }

    private static void RequirePositive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"{name} must be positive; it is {value}.", name);
        }
    }

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{name} must be positive; it is {value}.", name);
        }
    }
}
