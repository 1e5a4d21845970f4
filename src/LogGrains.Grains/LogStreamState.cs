using LogGrains.Abstractions;

namespace LogGrains.Grains;

/// <summary>The persistent state of one log stream grain.</summary>
[GenerateSerializer, Alias("loggrains.LogStreamState")]
public sealed class LogStreamState
{
    /// <summary>Whether the group and stream are known to exist (created or found) — so they are not ensured again.</summary>
    [Id(0)] public bool TargetEnsured { get; set; }

    /// <summary>Per object key: how far delivery got.</summary>
    [Id(1)] public Dictionary<string, ObjectProgress> Objects { get; set; } = new(StringComparer.Ordinal);
}
