using System.Buffers.Text;
using System.Globalization;

namespace LogGrains.Core.Events;

/// <summary>
/// Parses event timestamps as Vector and common log shippers write them, from UTF-8 bytes, without allocating.
/// </summary>
/// <remarks>
/// <para>Accepted text forms (the whole input must match):</para>
/// <list type="bullet">
/// <item>RFC 3339 <c>YYYY-MM-DDThh:mm:ss[.f…][Z|±hh:mm|±hhmm|±hh]</c>, with <c>T</c>, <c>t</c> or a space between date
/// and time, any number (1 or more) of fractional digits after a <c>.</c>, and no offset meaning UTC.
/// Sub-millisecond digits are truncated. A leap second (<c>:60</c>) counts into the next minute.</item>
/// <item>An epoch number: an integer or a decimal fraction (optionally with a sign or exponent), whose unit is chosen by
/// its magnitude: below <see cref="SecondsBelow"/> it is seconds, below <see cref="MillisecondsBelow"/> milliseconds,
/// below <see cref="MicrosecondsBelow"/> microseconds, otherwise nanoseconds.</item>
/// </list>
/// <para>Results are floored to whole milliseconds and must lie within years 0001 to 9999.</para>
/// </remarks>
public static class TimestampParser
{
    /// <summary>Epoch numbers with an absolute value below this (1e11, i.e. year 5138 in seconds) are seconds.</summary>
    public const long SecondsBelow = 100_000_000_000;

    /// <summary>Epoch numbers below this (1e14) and not seconds are milliseconds.</summary>
    public const long MillisecondsBelow = 100_000_000_000_000;

    /// <summary>Epoch numbers below this (1e17) and not milliseconds are microseconds; larger ones are nanoseconds.</summary>
    public const long MicrosecondsBelow = 100_000_000_000_000_000;

    private const long MinEpochMs = -62_135_596_800_000;
    private const long MaxEpochMs = 253_402_300_799_999;

    /// <summary>Parses an RFC 3339 timestamp or an epoch number given as UTF-8 text.</summary>
    /// <param name="utf8">The text: a JSON string's unescaped content or a JSON number's raw text.</param>
    /// <param name="epochMs">The instant in Unix epoch milliseconds (UTC) when the result is true.</param>
    /// <returns>True when the whole input is a valid timestamp in one of the accepted forms.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out long epochMs)
    {
        if (utf8.Length >= 19 && utf8[4] == (byte)'-')
        {
            return TryParseRfc3339(utf8, out epochMs);
        }

        return TryParseEpoch(utf8, out epochMs);
    }

    /// <summary>Parses an RFC 3339 timestamp (see the type remarks for the accepted variants).</summary>
    /// <param name="utf8">The text.</param>
    /// <param name="epochMs">The instant in Unix epoch milliseconds (UTC) when the result is true.</param>
    /// <returns>True when the whole input is a valid RFC 3339 timestamp.</returns>
    public static bool TryParseRfc3339(ReadOnlySpan<byte> utf8, out long epochMs)
    {
        epochMs = 0;
        return TryParseMinute(utf8, out var minuteSeconds) && TryParseAfterMinute(utf8, minuteSeconds, out epochMs);
    }

    /// <summary>
    /// <see cref="TryParse"/> for a stream of timestamps: an RFC 3339 timestamp whose first
    /// 16 bytes (<c>YYYY-MM-DDThh:mm</c>) equal those of the last one parsed through <paramref name="cache"/> reuses
    /// their validated value and parses only the seconds, fraction and offset. Same results as without the cache.
    /// </summary>
    internal static bool TryParseCached(ReadOnlySpan<byte> utf8, ref Rfc3339MinuteCache cache, out long epochMs)
    {
        if (utf8.Length < 19 || utf8[4] != (byte)'-')
        {
            return TryParseEpoch(utf8, out epochMs);
        }

        if (cache.Matches(utf8))
        {
            return TryParseAfterMinute(utf8, cache.MinuteSeconds, out epochMs);
        }

        epochMs = 0;
        if (!TryParseMinute(utf8, out var minuteSeconds))
        {
            return false;
        }

        cache.Set(utf8, minuteSeconds);
        return TryParseAfterMinute(utf8, minuteSeconds, out epochMs);
    }

    // Validates "YYYY-MM-DD?hh:mm" (the first 16 bytes; ? is T, t or a space) of a text of at least 19 bytes and returns
    // the seconds since the epoch of that minute, before any offset is applied.
    private static bool TryParseMinute(ReadOnlySpan<byte> s, out long minuteSeconds)
    {
        minuteSeconds = 0;
        if (s.Length < 19
            || !TryDigits(s, 0, 4, out var year) || s[4] != (byte)'-'
            || !TryDigits(s, 5, 2, out var month) || s[7] != (byte)'-'
            || !TryDigits(s, 8, 2, out var day)
            || (s[10] != (byte)'T' && s[10] != (byte)'t' && s[10] != (byte)' ')
            || !TryDigits(s, 11, 2, out var hour) || s[13] != (byte)':'
            || !TryDigits(s, 14, 2, out var minute))
        {
            return false;
        }

        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            return false;
        }

        minuteSeconds = (DaysFromCivil(year, month, day) * 86_400L) + (hour * 3_600L) + (minute * 60L);
        return true;
    }

    // Parses the rest after the minute: ":ss", an optional fraction, an optional offset, and nothing else.
    private static bool TryParseAfterMinute(ReadOnlySpan<byte> s, long minuteSeconds, out long epochMs)
    {
        epochMs = 0;
        if (s[16] != (byte)':' || !TryDigits(s, 17, 2, out var second) || second > 60)
        {
            return false;
        }

        var i = 19;
        var millis = 0;
        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            var fractionStart = i;
            var msEnd = Math.Min(s.Length, fractionStart + 3);
            while (i < msEnd && IsDigit(s[i]))
            {
                millis = (millis * 10) + (s[i] - '0');
                i++;
            }

            var msDigits = i - fractionStart;
            if (msDigits == 0)
            {
                return false;
            }

            for (var k = msDigits; k < 3; k++)
            {
                millis *= 10;
            }

            // Sub-millisecond digits are truncated.
            while (i < s.Length && IsDigit(s[i]))
            {
                i++;
            }
        }

        var offsetSeconds = 0;
        if (i < s.Length)
        {
            var c = s[i];
            if (c == (byte)'Z' || c == (byte)'z')
            {
                i++;
            }
            else if (c == (byte)'+' || c == (byte)'-')
            {
                i++;
                if (!TryDigits(s, i, 2, out var offsetHours) || offsetHours > 23)
                {
                    return false;
                }

                i += 2;
                var offsetMinutes = 0;
                if (i < s.Length)
                {
                    if (s[i] == (byte)':')
                    {
                        i++;
                    }

                    if (!TryDigits(s, i, 2, out offsetMinutes) || offsetMinutes > 59)
                    {
                        return false;
                    }

                    i += 2;
                }

                offsetSeconds = ((offsetHours * 60) + offsetMinutes) * 60;
                if (c == (byte)'-')
                {
                    offsetSeconds = -offsetSeconds;
                }
            }
            else
            {
                return false;
            }
        }

        if (i != s.Length)
        {
            return false;
        }

        var seconds = minuteSeconds + second - offsetSeconds;
        return InRange((seconds * 1_000) + millis, out epochMs);
    }

    /// <summary>Parses an epoch number whose unit is chosen by magnitude (see the type remarks).</summary>
    /// <param name="utf8">The number's text.</param>
    /// <param name="epochMs">The instant in Unix epoch milliseconds (UTC) when the result is true.</param>
    /// <returns>True when the whole input is a number that maps into years 0001 to 9999.</returns>
    public static bool TryParseEpoch(ReadOnlySpan<byte> utf8, out long epochMs)
    {
        epochMs = 0;
        if (utf8.IsEmpty)
        {
            return false;
        }

        if (Utf8Parser.TryParse(utf8, out long integer, out var consumed) && consumed == utf8.Length)
        {
            return FromInteger(integer, out epochMs);
        }

        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return decimal.TryParse(utf8, Styles, CultureInfo.InvariantCulture, out var value) && FromDecimal(value, out epochMs);
    }

    private static bool FromInteger(long value, out long epochMs)
    {
        epochMs = 0;
        if (value == long.MinValue)
        {
            return false;
        }

        var magnitude = Math.Abs(value);
        long ms;
        if (magnitude < SecondsBelow)
        {
            ms = value * 1_000;
        }
        else if (magnitude < MillisecondsBelow)
        {
            ms = value;
        }
        else if (magnitude < MicrosecondsBelow)
        {
            ms = FloorDiv(value, 1_000);
        }
        else
        {
            ms = FloorDiv(value, 1_000_000);
        }

        return InRange(ms, out epochMs);
    }

    private static bool FromDecimal(decimal value, out long epochMs)
    {
        epochMs = 0;
        var magnitude = Math.Abs(value);
        decimal ms;
        if (magnitude < SecondsBelow)
        {
            ms = value * 1_000m;
        }
        else if (magnitude < MillisecondsBelow)
        {
            ms = value;
        }
        else if (magnitude < MicrosecondsBelow)
        {
            ms = value / 1_000m;
        }
        else
        {
            ms = value / 1_000_000m;
        }

        ms = decimal.Floor(ms);
        return ms >= MinEpochMs && ms <= MaxEpochMs && InRange((long)ms, out epochMs);
    }

    private static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    private static bool InRange(long ms, out long epochMs)
    {
        epochMs = ms;
        return ms >= MinEpochMs && ms <= MaxEpochMs;
    }

    // Howard Hinnant's days_from_civil: days since 1970-01-01 in the proleptic Gregorian calendar.
    private static long DaysFromCivil(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yearOfEra = y - (era * 400);
        var dayOfYear = ((153 * (month > 2 ? month - 3 : month + 9)) + 2) / 5 + day - 1;
        var dayOfEra = (yearOfEra * 365) + (yearOfEra / 4) - (yearOfEra / 100) + dayOfYear;
        return (era * 146_097L) + dayOfEra - 719_468;
    }

    private static bool TryDigits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length)
        {
            return false;
        }

        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        return true;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;
}
