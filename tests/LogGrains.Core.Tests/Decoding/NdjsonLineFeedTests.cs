namespace LogGrains.Core.Tests.Decoding;

/// <summary>
/// A line feed anywhere inside what would parse as one record still ends the NDJSON line there: the skip of dropped
/// values is lax (it would take a raw line feed inside a string), so these pin the line semantics for any reader that
/// parses records before cutting lines.
/// </summary>
public sealed class NdjsonLineFeedTests
{
    private const string Good = """{"file":"/var/log/pods/x/0.log","kubernetes":{"labels":{"app":"a"}},"message":"ok","timestamp":"2026-11-26T12:00:00Z"}""";

    public static TheoryData<string, string> Splits => new()
    {
        // Where the line feed sits, as the two lines it makes: whitespace after a top-level colon and comma,
        // whitespace inside the skipped nested value, raw inside a skipped string (top level and nested), right after
        // a backslash inside a skipped string.
        { "{\"a\":", "\"b\",\"message\":\"m\"}" },
        { "{\"a\":\"b\",", "\"message\":\"m\"}" },
        { "{\"kubernetes\":{\"x\":", "1},\"message\":\"m\"}" },
        { "{\"kubernetes\":{\"x\":[1,", "2]},\"message\":\"m\"}" },
        { "{\"file\":\"PAD", "tail\",\"message\":\"m\"}" },
        { "{\"kubernetes\":{\"labels\":{\"x\":\"PAD", "tail\"}},\"message\":\"m\"}" },
        { "{\"file\":\"PAD\\", "tail\",\"message\":\"m\"}" },
        { "{\"kubernetes\":{\"x\":\"PAD\\", "tail\"},\"message\":\"m\"}" },

        // Whitespace in a nested value whose 64-byte block holds an escape (walked byte by byte).
        { "{\"kubernetes\":{\"x\":\"PAD\\\"\",\"y\":", "1},\"message\":\"m\"}" },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public async Task A_line_feed_inside_a_record_ends_the_line_wherever_it_falls(string first, string second)
    {
        // Padding moves the line feed across the 32-byte string scan and the 64-byte nested skip.
        for (var pad = 0; pad <= 140; pad++)
        {
            var padding = new string('p', pad);
            var line1 = first.Replace("PAD", padding, StringComparison.Ordinal);
            var file = $"{Good}\n{line1}\n{second}\n{Good}\n";

            var result = await DecodeHarness.DecodeAsync(file);

            Assert.Equal(["ok", line1, second, "ok"], result.Events.Select(e => e.Text));
            Assert.Equal(2, result.Stats.NonJsonLines);
        }
    }

    [Fact]
    public async Task Records_end_at_a_line_feed_a_carriage_return_line_feed_or_whitespace_before_either()
    {
        var file = $"{Good}\r\n{Good}  \n{Good}\t\r\n{Good}\n{Good}";

        var result = await DecodeHarness.DecodeAsync(file);

        Assert.Equal(Enumerable.Repeat("ok", 5), result.Events.Select(e => e.Text));
        Assert.Equal(0, result.Stats.NonJsonLines);
    }

    [Fact]
    public async Task A_record_followed_by_more_text_on_its_line_is_that_line_as_text()
    {
        var file = $"{Good}\n{Good} trailing words\n{Good}\n";

        var result = await DecodeHarness.DecodeAsync(file);

        Assert.Equal(["ok", $"{Good} trailing words", "ok"], result.Events.Select(e => e.Text));
    }
}
