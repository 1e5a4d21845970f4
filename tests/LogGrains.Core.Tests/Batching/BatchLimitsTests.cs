using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class BatchLimitsTests
{
    public static TheoryData<BatchLimits, string> InvalidLimits => new()
    {
        { new BatchLimits { MaxBatchBytes = 0 }, nameof(BatchLimits.MaxBatchBytes) },
        { new BatchLimits { PerEventOverheadBytes = -1 }, nameof(BatchLimits.PerEventOverheadBytes) },
        { new BatchLimits { MaxEventsPerBatch = 0 }, nameof(BatchLimits.MaxEventsPerBatch) },
        { new BatchLimits { MaxEventBytes = -5 }, nameof(BatchLimits.MaxEventBytes) },
        { new BatchLimits { MaxBatchSpan = TimeSpan.Zero }, nameof(BatchLimits.MaxBatchSpan) },
        { new BatchLimits { MaxEventAge = TimeSpan.FromDays(-1) }, nameof(BatchLimits.MaxEventAge) },
        { new BatchLimits { MaxEventFuture = TimeSpan.Zero }, nameof(BatchLimits.MaxEventFuture) },
        { new BatchLimits { MaxEventBytes = 1_048_577 }, nameof(BatchLimits.MaxEventBytes) },
        { new BatchLimits { MaxEventBytes = 29 }, nameof(BatchLimits.MaxEventBytes) },
    };

    [Fact]
    public void Defaults_are_the_AWS_limits()
    {
        var limits = new BatchLimits();

        Assert.Equal(1_048_576, limits.MaxBatchBytes);
        Assert.Equal(26, limits.PerEventOverheadBytes);
        Assert.Equal(10_000, limits.MaxEventsPerBatch);
        Assert.Equal(TimeSpan.FromHours(24), limits.MaxBatchSpan);
        Assert.Equal(262_144, limits.MaxEventBytes);
        Assert.Equal(TimeSpan.FromDays(14), limits.MaxEventAge);
        Assert.Equal(TimeSpan.FromHours(2), limits.MaxEventFuture);
        limits.Validate();
    }

    [Theory]
    [MemberData(nameof(InvalidLimits))]
    public void Invalid_limits_are_refused_naming_the_property(BatchLimits limits, string property)
    {
        var direct = Assert.Throws<ArgumentException>(limits.Validate);
        var viaPlanner = Assert.Throws<ArgumentException>(() => new BatchPlanner(limits, PlanRun.Now));

        Assert.Equal(property, direct.ParamName);
        Assert.Equal(property, viaPlanner.ParamName);
        Assert.StartsWith(property, direct.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Smallest_event_limit_holds_one_4_byte_character()
    {
        var limits = new BatchLimits { MaxEventBytes = 30 };
        limits.Validate();

        var run = PlanRun.Plan(limits, [(PlanRun.NowMs, Utf8Reference.Repeat("😀", 3))]);

        Assert.Equal([4, 4, 4], run.Batches.SelectMany(b => b.Events).Select(e => e.Message.Length));
    }
}
