namespace LogGrains.Testing.Ports;

/// <summary>
/// The system clock moved forward by what the test says. Timers and delays stay real (the silo's own timers keep
/// running), only "now" jumps: enough to step over a cooldown without waiting for it.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
