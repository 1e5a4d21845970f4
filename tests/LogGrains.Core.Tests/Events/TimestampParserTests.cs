using System.Globalization;
using System.Text;
using LogGrains.Core.Events;

namespace LogGrains.Core.Tests.Events;

public sealed class TimestampParserTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();

    private static long? Parse(string text) => TimestampParser.TryParse(Encoding.UTF8.GetBytes(text), out var ms) ? ms : null;

    [Theory]
    [InlineData("2026-11-26T12:00:00.101374912Z", "2026-11-26T12:00:00.101Z")]
    [InlineData("2026-11-26T12:00:00.999999999Z", "2026-11-26T12:00:00.999Z")]
    [InlineData("2026-11-26T12:00:00Z", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T12:00:00.1Z", "2026-11-26T12:00:00.100Z")]
    [InlineData("2026-11-26T12:00:00.12Z", "2026-11-26T12:00:00.120Z")]
    [InlineData("2026-11-26T12:00:00.123456789012345Z", "2026-11-26T12:00:00.123Z")]
    [InlineData("2026-11-26t12:00:00.5z", "2026-11-26T12:00:00.500Z")]
    [InlineData("2026-11-26 12:00:00.5Z", "2026-11-26T12:00:00.500Z")]
    [InlineData("2026-11-26T12:00:00.250", "2026-11-26T12:00:00.250Z")]
    [InlineData("2026-11-26T12:00:00", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T17:30:00.000000001+05:30", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T07:00:00-05:00", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T07:00:00-0500", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T14:00:00+02", "2026-11-26T12:00:00Z")]
    [InlineData("2026-11-27T00:30:00+12:30", "2026-11-26T12:00:00Z")]
    [InlineData("2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z")]
    [InlineData("1969-12-31T23:59:59.9995Z", "1969-12-31T23:59:59.999Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z")]
    [InlineData("2026-12-31T23:59:60Z", "2027-01-01T00:00:00Z")]
    public void Rfc3339_is_parsed_to_epoch_milliseconds_with_sub_ms_truncated(string text, string expectedUtc) =>
        Assert.Equal(Ms(expectedUtc), Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("2026-11-26")]
    [InlineData("2026-11-26T12:00Z")]
    [InlineData("2026-13-26T12:00:00Z")]
    [InlineData("2026-02-29T12:00:00Z")]
    [InlineData("2026-11-31T12:00:00Z")]
    [InlineData("2026-11-26T24:00:00Z")]
    [InlineData("2026-11-26T12:60:00Z")]
    [InlineData("2026-11-26T12:00:61Z")]
    [InlineData("2026-11-26T12:00:00.Z")]
    [InlineData("2026-11-26T12:00:00ZZ")]
    [InlineData("2026-11-26T12:00:00+24:00")]
    [InlineData("2026-11-26T12:00:00+05:3")]
    [InlineData("2026-11-26X12:00:00Z")]
    [InlineData("2026-11-26T12:00:00 Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("12a")]
    [InlineData(" 1795699200")]
    [InlineData("1795699200 ")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("-9223372036854775808")]
    [InlineData("10000000000000000000000000")]
    [InlineData("-62135596801")]
    public void Unparsable_text_is_refused(string text) => Assert.Null(Parse(text));

    [Theory]
    [InlineData("1795699200", 1_795_699_200_000L)]
    [InlineData("1795699200.412", 1_795_699_200_412L)]
    [InlineData("1795699200.4129", 1_795_699_200_412L)]
    [InlineData("1.7956992004e9", 1_795_699_200_400L)]
    [InlineData("1795699200412", 1_795_699_200_412L)]
    [InlineData("1795699200412.9", 1_795_699_200_412L)]
    [InlineData("1795699200412345", 1_795_699_200_412L)]
    [InlineData("1795699200412345678", 1_795_699_200_412L)]
    [InlineData("0", 0L)]
    [InlineData("99999999999", 99_999_999_999_000L)]
    [InlineData("100000000000", 100_000_000_000L)]
    [InlineData("99999999999999", 99_999_999_999_999L)]
    [InlineData("100000000000000", 100_000_000_000L)]
    [InlineData("99999999999999999", 99_999_999_999_999L)]
    [InlineData("100000000000000000", 100_000_000_000L)]
    [InlineData("-1", -1_000L)]
    [InlineData("-1500000", -1_500_000_000L)]
    [InlineData("-1500000000000500", -1_500_000_000_001L)]
    [InlineData("9223372036854775807", 9_223_372_036_854L)]
    [InlineData("-0.0005", -1L)]
    [InlineData("100000000000000000000", 100_000_000_000_000L)]
    public void Epoch_numbers_are_seconds_ms_us_or_ns_by_magnitude(string text, long expected) =>
        Assert.Equal(expected, Parse(text));

    [Fact]
    public void Thresholds_are_powers_of_ten_that_separate_units_for_any_date_after_1973()
    {
        Assert.Equal(100_000_000_000L, TimestampParser.SecondsBelow);
        Assert.Equal(TimestampParser.SecondsBelow * 1_000, TimestampParser.MillisecondsBelow);
        Assert.Equal(TimestampParser.MillisecondsBelow * 1_000, TimestampParser.MicrosecondsBelow);
    }
}
