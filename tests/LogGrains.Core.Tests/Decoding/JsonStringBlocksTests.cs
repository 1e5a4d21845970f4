using System.Text;
using CsCheck;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>
/// The 64-byte block measuring of JSON strings must agree with the escape-by-escape walk on every string it decides,
/// and decide every plain one (closing quote present, only one-character escapes, no raw control character).
/// </summary>
public sealed class JsonStringBlocksTests
{
    // Plain content: backslash runs of every length (escaped backslashes, then maybe an escaped quote), quotes only
    // escaped, non-ASCII text, long plain runs that carry escapes across block boundaries.
    private static readonly Gen<string> GenPlain = Gen.Frequency(
        (4, Gen.Int[0x20, 0x7E].Where(c => c is not '"' and not '\\').Select(c => ((char)c).ToString())),
        (3, Gen.Int[0, JsonStringReference.SimpleEscapes.Length - 1].Select(i => JsonStringReference.SimpleEscapes[i])),
        (2, Gen.Int[1, 9].Select(n => string.Concat(Enumerable.Repeat("\\\\", n)))),
        (1, Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c).ToString())),
        (2, Gen.Int[1, 130].Select(n => new string('x', n))))
        .Array[0, 60].Select(parts => string.Concat(parts));

    // What may follow in the data: the rest of a record, or anything.
    private static readonly Gen<string> GenAfter = Gen.Frequency(
        (3, Gen.Const(",\"timestamp\":\"2026-11-26T12:00:00Z\"}\n{\"message\":\"more \\\" text\"}")),
        (1, Gen.Char["\"\\ax\n{}"].Array[0, 80].Select(c => new string(c))));

    // Content that is not plain somewhere: a \u escape, an invalid escape, a raw control character.
    private static readonly Gen<string> GenNotPlain = Gen.OneOf(
        Gen.Const("\\u00e9"), Gen.Const("\\ud83d\\ude80"), Gen.Const("\\x"), Gen.Const("\\'"), Gen.Const("\t"), Gen.Const("\u0001"), Gen.Const("\\u12G4"));

    [Fact]
    public void Every_plain_string_is_measured_as_the_escape_by_escape_walk_measures_it()
    {
        Gen.Select(GenPlain, GenAfter, Gen.Int[0, 70]).Sample(
            (content, after, pad) =>
            {
                var text = Encoding.UTF8.GetBytes(new string('p', pad) + content + "\"" + after + new string(' ', 64));

                Assert.True(JsonStringBlocks.TryMeasure(text, out var end, out var length, out var ascii));

                var (expectedEnd, expectedLength, expectedAscii) = Walk(text);
                Assert.Equal(expectedEnd, end);
                Assert.Equal(expectedLength, length);
                Assert.Equal(expectedAscii, ascii);
            },
            iter: 3000);
    }

    [Fact]
    public void A_string_with_a_u_escape_an_invalid_escape_or_a_control_character_is_left_to_the_walk()
    {
        Gen.Select(GenPlain, GenNotPlain, GenPlain, Gen.Int[0, 70]).Sample(
            (before, odd, after, pad) =>
            {
                // An odd number of backslashes before `odd` would make its first byte escaped: keep `before` whole.
                var text = Encoding.UTF8.GetBytes(new string('p', pad) + before + odd + after + "\"" + new string(' ', 64));

                Assert.False(JsonStringBlocks.TryMeasure(text, out _, out _, out _));
            },
            iter: 2000);
    }

    [Theory]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(126)]
    [InlineData(127)]
    public void A_backslash_run_across_a_block_boundary_escapes_exactly_the_byte_after_it(int start)
    {
        for (var run = 1; run <= 5; run++)
        {
            // run backslashes then a quote: an odd run escapes the quote (the string goes on to the next quote).
            var content = new string('a', start) + new string('\\', run) + "\"tail\"" + new string(' ', 128);
            var text = Encoding.UTF8.GetBytes(content);
            var decided = JsonStringBlocks.TryMeasure(text, out var end, out var length, out _);

            var (expectedEnd, expectedLength, _) = Walk(text);
            if (run % 2 == 1)
            {
                // "\\…\" + "tail" + quote: the odd run ends in \" so the string ends after "tail".
                Assert.Equal(start + run + 5, expectedEnd);
            }
            else
            {
                Assert.Equal(start + run, expectedEnd);
            }

            if (decided)
            {
                Assert.Equal(expectedEnd, end);
                Assert.Equal(expectedLength, length);
            }
            else
            {
                // Only an odd run leaves "\"" whose escaped quote is plain too; every case here is plain.
                Assert.Fail($"start {start}, run {run}: a plain string was not decided");
            }
        }
    }

    [Fact]
    public void A_string_that_does_not_end_within_the_data_is_left_to_the_walk()
    {
        var text = Encoding.UTF8.GetBytes(new string('x', 200) + "\\\"" + new string('y', 100));

        Assert.False(JsonStringBlocks.TryMeasure(text, out _, out _, out _));
        Assert.Equal(JsonUnescaper.Incomplete, JsonUnescaper.MeasureString(text, 200, out _, out _));
    }

    private static (int End, int Length, bool Ascii) Walk(byte[] text)
    {
        var backslash = Array.IndexOf(text, (byte)'\\');
        var quote = Array.IndexOf(text, (byte)'"');
        if (backslash < 0 || (quote >= 0 && quote < backslash))
        {
            // No escape before the closing quote: the caller of the walk never passes such a string; measure it plainly.
            var content = text.AsSpan(0, quote);
            return (quote, content.Length, Ascii.IsValid(content));
        }

        var end = JsonUnescaper.MeasureEscapeByEscape(text, backslash, out var length, out var ascii);

        // The walk's ascii may be false for bytes past the string (it says so); recompute it exactly for the content.
        return (end, length, Ascii.IsValid(text.AsSpan(0, end)));
    }
}
