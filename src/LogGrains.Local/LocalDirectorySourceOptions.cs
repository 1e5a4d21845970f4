namespace LogGrains.Local;

/// <summary>How the local notification queue hides a received message; the wiring sets it from the poller's settings.</summary>
internal sealed class LocalDirectorySourceOptions
{
    /// <summary>How long a received file stays invisible to other receives (<c>LogGrains:Poller:VisibilityTimeout</c>).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
