namespace LogGrains.Core.Ports;

/// <summary>How far one staged object got in one log stream: the resume point of a redelivery.</summary>
/// <param name="ObjectKey">The staged object's key.</param>
/// <param name="EndPiece">The position after the last piece CloudWatch Logs accepted (or, once complete, after the last piece of the object).</param>
/// <param name="Complete">Whether every piece of the object was handled: a later notification of it is a duplicate.</param>
/// <param name="UpdatedAt">When the checkpoint last moved.</param>
public sealed record ObjectCheckpoint(string ObjectKey, long EndPiece, bool Complete, DateTimeOffset UpdatedAt)
{
    /// <summary>Whether this checkpoint may replace <paramref name="stored"/>: a checkpoint never moves back and a complete one is final.</summary>
    /// <param name="stored">The checkpoint already kept, or null.</param>
    public bool Supersedes(ObjectCheckpoint? stored) =>
        stored is null || (!stored.Complete && stored.EndPiece <= EndPiece);
}
