using System.Globalization;

namespace LogGrains.Cli;

/// <summary>
/// Reads <c>--since</c>/<c>--until</c>: an ISO 8601 time (<c>2026-11-26T12:00:00Z</c>; without an offset it is UTC, a
/// date alone is its midnight UTC) or an age before now (<c>90s</c>, <c>15m</c>, <c>6h</c>, <c>2d</c>).
/// </summary>
internal static class TimeArgument
{
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.Length >= 2 && char.IsAsciiDigit(text[0]) && text[^1] is 's' or 'm' or 'h' or 'd' &&
            long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= 100_000)
        {
            time = now - (text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            });
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }
}
