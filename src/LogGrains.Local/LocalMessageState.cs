namespace LogGrains.Local;

/// <summary>What <see cref="LocalDirectorySource"/> remembers of one staged file, as SQS remembers a message.</summary>
internal sealed class LocalMessageState
{
    public int Receives { get; set; }

    public string Receipt { get; set; } = "";

    public DateTimeOffset InvisibleUntil { get; set; }
}
