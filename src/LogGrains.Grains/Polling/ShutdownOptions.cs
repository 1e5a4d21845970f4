using System.ComponentModel.DataAnnotations;

namespace LogGrains.Grains.Polling;

/// <summary>How a silo stops (SIGTERM on Kubernetes). Section <c>LogGrains:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Shutdown";

    /// <summary>
    /// Time the host allows, after the grace period, for releasing the messages still in flight and for Orleans to
    /// leave the cluster gracefully (deactivate grains, write their state, update membership).
    /// </summary>
    public static readonly TimeSpan SiloStopAllowance = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the poller, once it stopped receiving, waits for in-flight deliveries to finish; the messages of those
    /// still running then are made visible again at once for another silo (their checkpoints make that silo resume).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "LogGrains:Shutdown:GracePeriod must be between 00:00:00 and 00:10:00.")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The host's shutdown timeout that lets the grace period and the silo's own stop both run out: grace + <see cref="SiloStopAllowance"/>.</summary>
    public TimeSpan HostShutdownTimeout => GracePeriod + SiloStopAllowance;

    /// <summary>
    /// How long after <see cref="HostShutdownTimeout"/> a silo still stopping ends its process anyway (exit code
    /// <see cref="StopOverranExitCode"/>): grace + 33 s in all, 58 s by default, inside Kubernetes' 60.
    /// </summary>
    public static readonly TimeSpan ExitAllowance = TimeSpan.FromSeconds(3);

    /// <summary>The exit code of a silo that had not finished stopping by its deadline and ended without it.</summary>
    public const int StopOverranExitCode = 3;

    /// <summary>When a stopping silo ends its process at the latest, counted from the stop: <see cref="HostShutdownTimeout"/> + <see cref="ExitAllowance"/>.</summary>
    public TimeSpan ExitDeadline => HostShutdownTimeout + ExitAllowance;
}
