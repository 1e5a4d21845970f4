namespace LogGrains.Grains.Tests;

public sealed class StreamLingerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    private static readonly DeliveryOptions Options = new() { StreamLinger = TimeSpan.FromSeconds(1), IdleStreamLinger = TimeSpan.FromMilliseconds(50), BusyStreamWindow = TimeSpan.FromSeconds(10) };

    [Fact]
    public void The_first_object_of_an_activation_waits_only_the_idle_linger() =>
        Assert.Equal(TimeSpan.FromMilliseconds(50), Options.LingerAfter(null, Now));

    [Fact]
    public void An_object_long_after_the_previous_one_waits_only_the_idle_linger() =>
        Assert.Equal(TimeSpan.FromMilliseconds(50), Options.LingerAfter(Now.AddSeconds(-10), Now));

    [Fact]
    public void An_object_within_the_busy_window_of_the_previous_one_waits_the_full_linger_so_a_busy_stream_shares_requests() =>
        Assert.Equal(TimeSpan.FromSeconds(1), Options.LingerAfter(Now.AddMilliseconds(-9_999), Now));

    [Fact]
    public void Gaps_between_poller_bursts_longer_than_the_linger_still_count_as_busy() =>
        Assert.Equal(TimeSpan.FromSeconds(1), Options.LingerAfter(Now.AddSeconds(-3), Now));

    [Fact]
    public void A_zero_linger_never_waits()
    {
        var none = new DeliveryOptions { StreamLinger = TimeSpan.Zero, IdleStreamLinger = TimeSpan.Zero };
        Assert.Equal(TimeSpan.Zero, none.LingerAfter(Now.AddMilliseconds(-1), Now));
    }
}
