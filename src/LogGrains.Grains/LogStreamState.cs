namespace LogGrains.Grains;

/// <summary>
/// The persistent state of one log stream grain: a few bytes, whatever the stream delivered. Per-object
/// checkpoints live in the <see cref="Core.Ports.ICheckpointStore"/>, one record each.
/// </summary>
[GenerateSerializer, Alias("loggrains.LogStreamState")]
public sealed class LogStreamState
{
    /// <summary>Whether the group and stream are known to exist (created or found) — so they are not ensured again.</summary>
    [Id(0)] public bool TargetEnsured { get; set; }
}
