using System.Collections.Concurrent;
using LogGrains.Grains.Polling;
using LogGrains.Silo.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Tests.Hosting;

/// <summary>
/// <see cref="StopDeadline"/>: armed when the stop begins, at grace + 33 s; a stop still running then ends the process
/// with exit code 3 after logging why and draining the log providers; a stop that finished leaves the process alone.
/// The process-level case (AWS unreachable, SIGTERM) is <c>ShutdownWithoutAwsTests</c>.
/// </summary>
public sealed class StopDeadlineTests
{
    private static readonly ShutdownOptions Shutdown = new() { GracePeriod = TimeSpan.FromSeconds(7) };

    [Fact]
    public async Task Nothing_is_armed_until_the_stop_begins_and_then_the_deadline_is_grace_plus_33_s()
    {
        var world = new World();
        await world.Deadline.StartAsync(CancellationToken.None);
        Assert.Null(world.Time.DueTime);

        world.Lifetime.StopApplication();
        Assert.Equal(TimeSpan.FromSeconds(40), world.Time.DueTime);
        Assert.Equal(Shutdown.ExitDeadline, world.Time.DueTime);
    }

    [Fact]
    public async Task A_host_shutdown_timeout_set_longer_than_the_silos_own_moves_the_deadline_with_it()
    {
        var world = new World(hostTimeout: TimeSpan.FromMinutes(2));
        await world.Deadline.StartAsync(CancellationToken.None);

        world.Lifetime.StopApplication();

        Assert.Equal(TimeSpan.FromSeconds(123), world.Time.DueTime);
    }

    [Fact]
    public async Task A_stop_still_running_at_the_deadline_ends_the_process_with_exit_code_3_and_a_line_that_names_the_setting()
    {
        var world = new World();
        await world.Deadline.StartAsync(CancellationToken.None);
        world.Lifetime.StopApplication();

        world.Time.Fire();

        Assert.Equal([ShutdownOptions.StopOverranExitCode], world.Exits);
        var line = Assert.Single(world.Log.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("had not finished stopping 40 s after the stop began (LogGrains:Shutdown:GracePeriod 7 s + 33 s)", line.Text, StringComparison.Ordinal);
        Assert.Contains("exit code 3", line.Text, StringComparison.Ordinal);
        Assert.True(world.Log.Disposed, "the log providers were not drained before the exit");
    }

    [Fact]
    public async Task A_stop_that_finished_before_the_deadline_leaves_the_process_alone()
    {
        var world = new World();
        await world.Deadline.StartAsync(CancellationToken.None);
        world.Lifetime.StopApplication();
        world.Lifetime.NotifyStopped();

        world.Time.Fire();

        Assert.Empty(world.Exits);
        Assert.Empty(world.Log.Lines);
    }

    private sealed class World
    {
        public World(TimeSpan? hostTimeout = null)
        {
            Lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
            Deadline = new StopDeadline(Lifetime, Options.Create(Shutdown), Options.Create(new HostOptions { ShutdownTimeout = hostTimeout ?? Shutdown.HostShutdownTimeout }), [Log], Log, Time) { Exit = Exits.Add };
        }

        public ApplicationLifetime Lifetime { get; }

        public OneTimer Time { get; } = new();

        public RecordingLog Log { get; } = new();

        public List<int> Exits { get; } = [];

        public StopDeadline Deadline { get; }
    }

    /// <summary>A clock whose one timer fires when the test says so.</summary>
    private sealed class OneTimer : TimeProvider
    {
        private TimerCallback? _callback;
        private object? _state;

        public TimeSpan? DueTime { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Assert.Null(DueTime);
            (_callback, _state, DueTime) = (callback, state, dueTime);
            return new Inert();
        }

        public void Fire() => _callback!.Invoke(_state);

        private sealed class Inert : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    private sealed class RecordingLog : ILoggerProvider, ILogger<StopDeadline>
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public bool Disposed { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));

        public void Dispose() => Disposed = true;
    }
}
