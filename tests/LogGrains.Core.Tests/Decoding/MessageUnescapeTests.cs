using System.Text;
using System.Text.Json;
using CsCheck;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>The one-pass message unescaper must give exactly what System.Text.Json gives, or fail the same way.</summary>
public sealed class MessageUnescapeTests
{
    private static readonly Gen<string> Escaped = Gen.Frequency(
        (4, Gen.Int[0x20, 0x7E].Where(c => c is not '"' and not '\\').Select(c => ((char)c).ToString())),
        (3, Gen.Int[0, JsonStringReference.SimpleEscapes.Length - 1].Select(i => JsonStringReference.SimpleEscapes[i])),
        (2, Gen.Int[0, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => JsonStringReference.Hex(c, c % 2 == 0))),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(c => new Rune(c).ToString()).Select(s => JsonStringReference.Hex(s[0], true) + JsonStringReference.Hex(s[1], s[1] % 2 == 0))),
        (2, Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c).ToString())),
        (1, Gen.Int[1, 200].Select(n => new string('x', n))))
        .Array[0, 40].Select(p => string.Concat(p));

    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udc00", "\\ud800x", "\\ud800\\u0041", "\\udfff\\ud800", "\\ud83d\\ud83d"];

    [Fact]
    public void Escaped_messages_decode_exactly_as_System_Text_Json_decodes_them()
    {
        Escaped.Sample(text => Assert.Equal(JsonStringReference.Unescape(text), Extract(text)));
    }

    [Fact]
    public void Lone_surrogate_escapes_behave_as_System_Text_Json()
    {
        foreach (var lone in LoneSurrogates)
        {
            foreach (var text in new[] { lone, "a\\\"" + lone + "b", "\\n" + lone })
            {
                var expected = Outcome(() => JsonStringReference.Unescape(text));
                var actual = Outcome(() => Extract(text));
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void Every_character_after_a_backslash_is_taken_or_refused_as_System_Text_Json_does()
    {
        for (var c = (char)0x20; c < 0x7F; c++)
        {
            if (c == 'u')
            {
                continue;
            }

            var text = $"a\\{c}z";
            byte[]? expected;
            try
            {
                expected = JsonStringReference.Unescape(text);
            }
            catch (JsonException)
            {
                expected = null;
            }

            if (expected is null)
            {
                Assert.ThrowsAny<JsonException>(() => Extract(text));
            }
            else
            {
                Assert.Equal(expected, Extract(text));
            }
        }
    }

    [Theory]
    [InlineData("\\x")]
    [InlineData("\\u12G4")]
    [InlineData("a\\\"\u0001")]
    [InlineData("\u001f")]
    public void Invalid_message_strings_are_refused(string content)
    {
        Assert.ThrowsAny<JsonException>(() => Extract(content));
    }

    [Fact]
    public void A_message_cut_inside_an_escape_is_incomplete_not_an_error()
    {
        var record = Encoding.UTF8.GetBytes("{\"message\":\"a\\\"b\\u00e9\\ud83d\\ude00c\\\\\"}");
        using var extractor = new RecordExtractor(new DecodeStats(), 0);
        for (var cut = 1; cut < record.Length; cut++)
        {
            Assert.False(extractor.TryParse(record.AsSpan(0, cut), isFinalBlock: false, out _), $"cut at {cut}");
        }
    }

    private static string Outcome(Func<byte[]> decode)
    {
        try
        {
            return Convert.ToHexString(decode());
        }
#pragma warning disable CA1031 // The exception type is the outcome being compared.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return e.GetType().Name;
        }
    }

    private static byte[] Extract(string content)
    {
        var record = Encoding.UTF8.GetBytes($"{{\"message\":\"{content}\",\"x\":1}}");
        using var extractor = new RecordExtractor(new DecodeStats(), 0);
        Assert.True(extractor.TryParse(record, isFinalBlock: true, out var parsed));
        Assert.Equal(record.Length, parsed.Length);
        var sink = new CollectingSink();
        extractor.Emit(record, parsed, sink);
        return content.Length == 0 ? [] : Encoding.UTF8.GetBytes(Assert.Single(sink.Events).Text);
    }
}
