using System.Text;
using CsCheck;
using LogGrains.Core.Batching;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using LogGrains.Core.Usage;

namespace LogGrains.Core.Tests.Usage;

public sealed class UsageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
    private static readonly long T0 = Now.AddHours(-1).ToUnixTimeMilliseconds();
    private static readonly LogTarget Stream = new("acme", "eu-west-1", "/acme/logs", "api-pod-2026-12-03");

    [Fact]
    public void Counts_add_field_by_field()
    {
        var sum = new UsageCounts(1, 2, 3, 4, 5, 6, 7, 8) + new UsageCounts(10, 20, 30, 40, 50, 60, 70, 80);
        Assert.Equal(new UsageCounts(11, 22, 33, 44, 55, 66, 77, 88), sum);
        Assert.Equal(sum, UsageCounts.FromValues(sum.Values));
        Assert.Equal(UsageCounts.FieldNames.Count, sum.Values.Count);
    }

    [Fact]
    public void An_accepted_request_counts_one_call_and_only_the_events_CloudWatch_kept()
    {
        using var group = new BatchGroup(new BatchLimits());
        group.Add(Single((T0 + 1, "old"), (T0 + 2, "kept-ü"), (T0 + 3, "kept"), (T0 + 4, "new!")));

        var all = UsageCounts.OfAcceptedRequest(group, new RejectedEventCounts(0, 0, 0, 4));
        var trimmed = UsageCounts.OfAcceptedRequest(group, new RejectedEventCounts(TooOld: 1, Expired: 0, TooNew: 1, Accepted: 2));

        Assert.Equal(new UsageCounts(Events: 4, MessageBytes: 3 + 7 + 4 + 4, PutLogEventsCalls: 1), all);
        Assert.Equal(new UsageCounts(Events: 2, MessageBytes: 7 + 4, PutLogEventsCalls: 1), trimmed);
    }

    [Fact]
    public void A_request_entry_is_the_same_for_the_redo_and_lands_on_the_day_it_was_declared()
    {
        var declared = new DateTimeOffset(2026, 12, 3, 23, 59, 59, TimeSpan.Zero).AddTicks(1234);
        var request = new InFlightRequest([], 3, T0, T0 + 2, "abc", declared);
        var counts = new UsageCounts(Events: 3, MessageBytes: 10, PutLogEventsCalls: 1);

        var first = UsageEntry.ForPutLogEvents(Stream, request, counts);
        // The readback after a crash knows the request as the checkpoint store kept it: the declared time in milliseconds.
        var redo = UsageEntry.ForPutLogEvents(Stream, request with { DeclaredAt = DateTimeOffset.FromUnixTimeMilliseconds(declared.ToUnixTimeMilliseconds()) }, counts);
        var resent = UsageEntry.ForPutLogEvents(Stream, request with { DeclaredAt = declared.AddSeconds(2) }, counts);
        var otherStream = UsageEntry.ForPutLogEvents(Stream with { LogStreamName = "other" }, request, counts);

        Assert.Equal(first, redo);
        Assert.Equal(new DateOnly(2026, 12, 3), first.Key.Day);
        Assert.Equal(DeliveryType.CloudWatch, first.Key.Delivery);
        Assert.NotEqual(first.Id, resent.Id);
        Assert.NotEqual(first.Id, otherStream.Id);
        Assert.StartsWith("put-", first.Id, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_entry_counts_one_object_per_delivery_and_key()
    {
        const string staged = "acme/c1/api/pod/1.json.gz";
        var day = UsageKey.DayOf(Now);

        var cloudWatch = UsageEntry.ForObject("acme", DeliveryType.CloudWatch, staged, day, new UsageCounts(EventsExcluded: 2));
        var again = UsageEntry.ForObject("acme", DeliveryType.CloudWatch, staged, day.AddDays(1), default);
        var copied = UsageEntry.ForObject("acme", DeliveryType.S3, staged, day, new UsageCounts(S3BytesCopied: 100));
        var other = UsageEntry.ForObject("acme", DeliveryType.CloudWatch, staged + ".2", day, default);

        Assert.Equal(1, cloudWatch.Counts.Objects);
        Assert.Equal(2, cloudWatch.Counts.EventsExcluded);
        Assert.Equal(cloudWatch.Id, again.Id);
        Assert.NotEqual(cloudWatch.Id, copied.Id);
        Assert.NotEqual(cloudWatch.Id, other.Id);
    }

    [Fact]
    public void Ids_do_not_collide_when_parts_shift_their_separator()
    {
        Assert.NotEqual(UsageEntry.IdOf("obj", "a|b", "c"), UsageEntry.IdOf("obj", "a", "b|c"));
        Assert.NotEqual(UsageEntry.IdOf("obj", "ab", "c"), UsageEntry.IdOf("obj", "a", "bc"));
    }

    [Fact]
    public void A_book_counts_each_id_once_per_tenant_and_answers_in_order()
    {
        var book = new UsageBook();
        var day = new DateOnly(2026, 12, 3);
        var entry = new UsageEntry(new UsageKey("b", day, DeliveryType.CloudWatch), new UsageCounts(Events: 5), "put-1");

        Assert.True(book.Record(entry));
        Assert.False(book.Record(entry));
        Assert.True(book.Record(entry with { Key = entry.Key with { Tenant = "a" } }));
        Assert.True(book.Record(entry with { Id = "put-2", Key = entry.Key with { Day = day.AddDays(-1) } }));
        Assert.True(book.Record(entry with { Id = "put-3", Key = entry.Key with { Delivery = DeliveryType.S3 } }));

        var all = book.Query(new UsageQuery(null, day.AddDays(-5), day));
        Assert.Equal(
            [("a", day, "cloudwatch"), ("b", day.AddDays(-1), "cloudwatch"), ("b", day, "cloudwatch"), ("b", day, "s3")],
            all.Select(t => (t.Key.Tenant, t.Key.Day, t.Key.DeliveryName)));
        Assert.Equal(5, all[2].Counts.Events);
        Assert.Single(book.Query(new UsageQuery("b", day.AddDays(-1), day.AddDays(-1))));
    }

    [Fact]
    public void Recording_any_entries_any_number_of_times_gives_the_sum_of_the_distinct_ones()
    {
        var genEntry = Gen.Select(Gen.Int[0, 5], Gen.Int[0, 2], Gen.Long[0, 1000], Gen.Bool).Select((id, day, events, s3) =>
            new UsageEntry(
                new UsageKey("t", new DateOnly(2026, 12, 1).AddDays(day), s3 ? DeliveryType.S3 : DeliveryType.CloudWatch),
                new UsageCounts(Events: events),
                $"id-{id}-{day}-{s3}-{events}"));
        genEntry.List[0, 30].Select(entries => (entries, Gen.Int[1, 3].Single())).Sample(sample =>
        {
            var book = new UsageBook();
            foreach (var entry in sample.entries.SelectMany(e => Enumerable.Repeat(e, sample.Item2)))
            {
                book.Record(entry);
            }

            var expected = sample.entries.DistinctBy(e => e.Id).Sum(e => e.Counts.Events);
            return book.Query(new UsageQuery("t", DateOnly.MinValue, DateOnly.MaxValue)).Sum(t => t.Counts.Events) == expected;
        });
    }

    private static PlannedBatch Single(params (long Timestamp, string Message)[] events)
    {
        using var planner = new BatchPlanner(new BatchLimits(), Now);
        foreach (var (timestamp, message) in events)
        {
            planner.Add(timestamp, Encoding.UTF8.GetBytes(message));
        }

        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));
        return batch;
    }
}
