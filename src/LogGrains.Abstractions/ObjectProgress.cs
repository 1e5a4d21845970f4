namespace LogGrains.Abstractions;

/// <summary>How far one object got in one stream.</summary>
/// <param name="EndPiece">The position after the last piece accepted (the resume point).</param>
/// <param name="Complete">Whether every piece of the object was handled.</param>
/// <param name="UpdatedAt">When the checkpoint last moved.</param>
[GenerateSerializer, Immutable, Alias("loggrains.ObjectProgress")]
public sealed record ObjectProgress(
    [property: Id(0)] long EndPiece,
    [property: Id(1)] bool Complete,
    [property: Id(2)] DateTimeOffset UpdatedAt);
