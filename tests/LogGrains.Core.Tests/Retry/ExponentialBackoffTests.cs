using CsCheck;
using LogGrains.Core.Retry;

namespace LogGrains.Core.Tests.Retry;

public sealed class ExponentialBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(0, 200)]
    [InlineData(1, 400)]
    [InlineData(2, 800)]
    [InlineData(6, 12_800)]
    [InlineData(7, 20_000)]
    [InlineData(1_000, 20_000)]
    public void Ceiling_doubles_from_the_base_up_to_the_maximum(int retry, int expectedMilliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), ExponentialBackoff.Ceiling(retry, Base, Max));

    [Fact]
    public void Delay_is_the_random_fraction_of_the_ceiling()
    {
        Assert.Equal(TimeSpan.Zero, ExponentialBackoff.Delay(3, Base, Max, 0.0));
        Assert.Equal(TimeSpan.FromMilliseconds(800), ExponentialBackoff.Delay(3, Base, Max, 0.5));
    }

    [Fact]
    public void Delay_never_leaves_zero_to_the_ceiling() =>
        Gen.Select(Gen.Int[0, 100], Gen.Double[0.0, 1.0]).Sample((retry, random) =>
        {
            var delay = ExponentialBackoff.Delay(retry, Base, Max, random);
            return delay >= TimeSpan.Zero && delay <= ExponentialBackoff.Ceiling(retry, Base, Max) && delay <= Max;
        });

    [Fact]
    public void Negative_retry_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ExponentialBackoff.Ceiling(-1, Base, Max));
}
