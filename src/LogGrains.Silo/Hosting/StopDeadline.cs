using LogGrains.Grains.Polling;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Hosting;

/// <summary>
/// Ends the process of a silo that is still stopping <see cref="ShutdownOptions.ExitAllowance"/> after the host's
/// shutdown timeout ran out (<see cref="ShutdownOptions.ExitDeadline"/> after the stop began, unless the host's timeout
/// was set longer), exit code <see cref="ShutdownOptions.StopOverranExitCode"/>. The host cancels the hosted
/// services' stop at its shutdown timeout but goes on awaiting them, and Orleans, once cancelled, still tries for a
/// minute at each of two steps to mark the silo dead in the membership table: with every AWS endpoint unreachable and
/// a 3 s grace, a stopping silo was measured to take 120.6 s against its 33 s. Ending it then is what a <c>kill -9</c>
/// does, which loses nothing: the poller has released its messages at the grace period, checkpoints make the next silo
/// resume, and the other silos declare this one dead when it stops answering their probes.
/// </summary>
internal sealed partial class StopDeadline(
    IHostApplicationLifetime lifetime,
    IOptions<ShutdownOptions> shutdown,
    IOptions<HostOptions> host,
    IEnumerable<ILoggerProvider> logProviders,
    ILogger<StopDeadline> logger,
    TimeProvider time) : IHostedService, IDisposable
{
    private CancellationTokenRegistration _stopping;
    private ITimer? _timer;

    /// <summary>Ends the process; a test replaces it to observe the exit.</summary>
    internal Action<int> Exit { get; init; } = Environment.Exit;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(Arm);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
    }

    /// <summary>How long after the stop began the process ends at the latest.</summary>
    internal TimeSpan Deadline => host.Value.ShutdownTimeout + ShutdownOptions.ExitAllowance;

    private void Arm() => _timer = time.CreateTimer(_ => Overrun(), null, Deadline, Timeout.InfiniteTimeSpan);

    private void Overrun()
    {
        if (lifetime.ApplicationStopped.IsCancellationRequested)
        {
            return;
        }

        var grace = shutdown.Value.GracePeriod;
        LogOverrun(logger, Deadline.TotalSeconds, $"{ShutdownOptions.Section}:GracePeriod", grace.TotalSeconds, (Deadline - grace).TotalSeconds, ShutdownOptions.StopOverranExitCode);

        // The console logger writes from a queue of its own; disposing a provider drains it, so the line above is kept.
        foreach (var provider in logProviders)
        {
            try
            {
                provider.Dispose();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed by a stop that got that far.
            }
        }

        Exit(ShutdownOptions.StopOverranExitCode);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The silo had not finished stopping {Seconds:F0} s after the stop began ({Setting} {Grace:F0} s + {Allowance:F0} s); ending the process without it, exit code {ExitCode}. Messages in flight were released at the grace period and checkpoints make the next silo resume; a step still waiting (usually Orleans marking this silo dead in the membership table, with DynamoDB unreachable) is abandoned")]
    private static partial void LogOverrun(ILogger logger, double seconds, string setting, double grace, double allowance, int exitCode);
}
