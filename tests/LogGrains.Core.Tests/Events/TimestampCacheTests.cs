using System.Text;
using CsCheck;
using LogGrains.Core.Events;

namespace LogGrains.Core.Tests.Events;

/// <summary>The minute cache must never change a result: every text parses as it does without the cache.</summary>
public sealed class TimestampCacheTests
{
    private static readonly string[] Minutes =
    [
        "2026-11-26T12:00", "2026-11-26T12:01", "2026-11-26T13:00", "2026-11-27T12:00", "2026-11-26 12:00", "2026-11-26t12:00",
        "2024-02-29T23:59", "2026-02-29T23:59", "2026-11-26T24:00", "2026-11-26T12:60", "0001-01-01T00:00", "9999-12-31T23:59",
        "0000-01-01T00:00", "2026-13-01T00:00", "2026-11-31T00:00", "2026-11-26X12:00", "2026-11-26T1a:00", "1970-01-01T00:00",
    ];

    private static readonly string[] Rests =
    [
        ":00Z", ":59.999999999Z", ":60Z", ":61Z", ":05.1Z", ":05.12", ":05.123456789+05:30", ":05-0500", ":05+02", ":05+24:00",
        ":05.Z", ":05ZZ", ":05", ":5Z", ":05 Z", ":05.5z", ":05.000000001-00:01", ":30.25+12:30", ":59.9995", ":00:00",
    ];

    private static readonly string[] Others = ["1795699200", "1795699200101", "-1", "2026-11-26", "yesterday", string.Empty];

    private static readonly Gen<string> Text = Gen.Frequency(
        (8, Gen.Select(Gen.Int[0, Minutes.Length - 1], Gen.Int[0, Rests.Length - 1], (m, r) => Minutes[m] + Rests[r])),
        (1, Gen.Select(Gen.Int[0, Minutes.Length - 1], Gen.Int[0, Rests.Length - 1], Gen.Int[0, 25], Gen.Char["0123456789:-.TZ+ x"],
            (m, r, at, c) =>
            {
                var text = (Minutes[m] + Rests[r]).ToCharArray();
                text[at % text.Length] = c;
                return new string(text);
            })),
        (1, Gen.Int[0, Others.Length - 1].Select(i => Others[i])));

    [Fact]
    public void A_stream_of_timestamps_through_one_cache_parses_exactly_as_without_it()
    {
        Text.List[1, 60].Sample(texts =>
        {
            var cache = default(Rfc3339MinuteCache);
            foreach (var text in texts)
            {
                var utf8 = Encoding.UTF8.GetBytes(text);
                var expected = TimestampParser.TryParse(utf8, out var expectedMs);

                var actual = TimestampParser.TryParseCached(utf8, ref cache, out var actualMs);

                Assert.Equal(expected, actual);
                Assert.Equal(expected ? expectedMs : 0, actual ? actualMs : 0);
            }
        });
    }

    [Fact]
    public void A_cached_minute_is_reused_only_for_the_same_sixteen_bytes()
    {
        var cache = default(Rfc3339MinuteCache);
        Assert.True(TimestampParser.TryParseCached("2026-11-26T12:00:00Z"u8, ref cache, out _));

        Assert.True(TimestampParser.TryParseCached("2026-11-26T13:00:00.5Z"u8, ref cache, out var nextHour));
        Assert.True(TimestampParser.TryParseCached("2026-11-26T13:00:01Z"u8, ref cache, out var sameMinute));
        Assert.False(TimestampParser.TryParseCached("2026-11-26T24:00:01Z"u8, ref cache, out _));
        Assert.True(TimestampParser.TryParseCached("2026-11-26T13:00:01Z"u8, ref cache, out var again));

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 13, 0, 0, 500, TimeSpan.Zero).ToUnixTimeMilliseconds(), nextHour);
        Assert.Equal(nextHour + 500, sameMinute);
        Assert.Equal(sameMinute, again);
    }
}
