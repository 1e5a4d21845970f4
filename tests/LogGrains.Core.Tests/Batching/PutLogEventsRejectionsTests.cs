using LogGrains.Core.Batching;

namespace LogGrains.Core.Tests.Batching;

public sealed class PutLogEventsRejectionsTests
{
    [Fact]
    public void No_rejection_info_means_all_accepted()
    {
        Assert.Equal(new RejectedEventCounts(0, 0, 0, 10), PutLogEventsRejections.Count(10, null, null, null));
    }

    [Fact]
    public void Too_old_end_index_is_inclusive()
    {
        Assert.Equal(new RejectedEventCounts(3, 0, 0, 7), PutLogEventsRejections.Count(10, null, 2, null));
    }

    [Fact]
    public void Too_new_start_index_is_inclusive()
    {
        Assert.Equal(new RejectedEventCounts(0, 0, 3, 7), PutLogEventsRejections.Count(10, 7, null, null));
        Assert.Equal(new RejectedEventCounts(0, 0, 10, 0), PutLogEventsRejections.Count(10, 0, null, null));
    }

    [Fact]
    public void Expired_beyond_too_old_counts_only_the_extra_events()
    {
        Assert.Equal(new RejectedEventCounts(3, 2, 0, 5), PutLogEventsRejections.Count(10, null, 2, 4));
        Assert.Equal(new RejectedEventCounts(5, 0, 0, 5), PutLogEventsRejections.Count(10, null, 4, 2));
        Assert.Equal(new RejectedEventCounts(0, 1, 0, 9), PutLogEventsRejections.Count(10, null, null, 0));
    }

    [Fact]
    public void All_three_reasons_together_add_up_to_the_batch()
    {
        var counts = PutLogEventsRejections.Count(10, 8, 1, 3);

        Assert.Equal(new RejectedEventCounts(2, 2, 2, 4), counts);
        Assert.Equal(6, counts.Rejected);
    }

    [Fact]
    public void Overlapping_ranges_count_each_event_once()
    {
        var counts = PutLogEventsRejections.Count(5, 1, 3, null);

        Assert.Equal(new RejectedEventCounts(4, 0, 1, 0), counts);
    }

    [Theory]
    [InlineData(10, "tooNewLogEventStartIndex")]
    [InlineData(-1, "tooNewLogEventStartIndex")]
    public void Too_new_index_outside_the_batch_is_refused(int index, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => PutLogEventsRejections.Count(10, index, null, null));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void End_indexes_outside_the_batch_are_refused_naming_the_field()
    {
        Assert.Equal("tooOldLogEventEndIndex", Assert.Throws<ArgumentOutOfRangeException>(() => PutLogEventsRejections.Count(3, null, 3, null)).ParamName);
        Assert.Equal("expiredLogEventEndIndex", Assert.Throws<ArgumentOutOfRangeException>(() => PutLogEventsRejections.Count(3, null, null, -1)).ParamName);
        Assert.Equal("eventCount", Assert.Throws<ArgumentOutOfRangeException>(() => PutLogEventsRejections.Count(-1, null, null, null)).ParamName);
    }
}
