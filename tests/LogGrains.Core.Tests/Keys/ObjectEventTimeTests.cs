using CsCheck;
using LogGrains.Core.Keys;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Tests.Keys;

public class ObjectEventTimeTests
{
    private static readonly StreamNameTemplate Streams = StreamNameTemplate.Create(StreamNameTemplate.DefaultTemplate);

    private static ObjectKey Key(string file) =>
        KeyLayout.Default.TryParse($"acme-corp/c-2f9a/payments/payments-7d9f8c-x2x9z/{file}", out var key, out var rejection)
            ? key
            : throw new InvalidOperationException(rejection.Message);

    [Fact]
    public void The_collectors_ts_in_the_file_name_is_the_event_time()
    {
        var s3Time = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var time = ObjectEventTime.Of(Key("1764158400-5b1c.json.gz"), s3Time);

        Assert.Equal(new DateTimeOffset(2025, 11, 26, 12, 0, 0, TimeSpan.Zero), time);
    }

    [Theory]
    [InlineData("f.json.gz")]
    [InlineData("-5b1c.json.gz")]
    [InlineData("17641584x0-5b1c.json.gz")]
    [InlineData("1764158400.json.gz")]
    [InlineData("1764158400123-5b1c.json.gz")]
    [InlineData("946684799-5b1c.json.gz")]
    public void A_file_name_without_a_usable_ts_takes_the_S3_time(string file)
    {
        var s3Time = new DateTimeOffset(2026, 11, 26, 23, 59, 59, 900, TimeSpan.Zero);

        Assert.Equal(s3Time, ObjectEventTime.Of(Key(file), s3Time));
    }

    [Fact]
    public void The_S3_time_is_returned_in_UTC()
    {
        var s3Time = new DateTimeOffset(2026, 11, 27, 1, 0, 0, TimeSpan.FromHours(2));

        var time = ObjectEventTime.Of(Key("f.json.gz"), s3Time);

        Assert.Equal(TimeSpan.Zero, time.Offset);
        Assert.Equal(s3Time, time);
    }

    [Fact]
    public void Notification_and_listing_times_that_straddle_midnight_give_one_stream_for_a_key_with_ts()
    {
        // Any upload: the collector names it at ts, S3 starts it (LastModified) and finishes it (eventTime) later,
        // each an arbitrary few seconds, often on either side of midnight UTC. The stream is the key's day.
        var gen = Gen.Select(Gen.Long[946_684_800L, 4_102_444_800L], Gen.Int[0, 30_000], Gen.Int[0, 120_000]);
        gen.Sample((ts, toStartMs, uploadMs) =>
        {
            var key = Key($"{ts}-5b1c.json.gz");
            var lastModified = DateTimeOffset.FromUnixTimeSeconds(ts).AddMilliseconds(toStartMs);
            var eventTime = lastModified.AddMilliseconds(uploadMs);

            Assert.True(Streams.TryFormat(key, ObjectEventTime.Of(key, eventTime), out var notified, out _));
            Assert.True(Streams.TryFormat(key, ObjectEventTime.Of(key, lastModified), out var replayed, out _));
            Assert.Equal(notified, replayed);
            Assert.EndsWith(DateTimeOffset.FromUnixTimeSeconds(ts).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), notified, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void The_rule_would_split_an_upload_across_midnight_without_the_ts()
    {
        // The defect the rule fixes: the two S3 times of one upload, a second before and after midnight UTC.
        var key = Key("f.json.gz");
        var lastModified = new DateTimeOffset(2026, 11, 26, 23, 59, 59, TimeSpan.Zero);
        var eventTime = lastModified.AddSeconds(2);

        Assert.True(Streams.TryFormat(key, ObjectEventTime.Of(key, eventTime), out var notified, out _));
        Assert.True(Streams.TryFormat(key, ObjectEventTime.Of(key, lastModified), out var replayed, out _));
        Assert.NotEqual(notified, replayed);
    }
}
