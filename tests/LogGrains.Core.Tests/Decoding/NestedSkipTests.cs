using System.Text;
using System.Text.Json;
using CsCheck;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>
/// The skip of dropped nested values (the kubernetes block) works on 64-byte blocks; these tests put escapes,
/// brackets inside strings and block boundaries everywhere and compare with System.Text.Json.
/// </summary>
public sealed class NestedSkipTests
{
    // String contents that try to fool a bracket scanner: escaped quotes and backslashes, brackets, \u escapes.
    private static readonly string[] Tricky =
        ["\\\"", "\\\\", "\\\\\\\"", "}", "]", "{", "[", "\\u0022", "\\/", "é", "🚀", "\\n", "x", "abc,def:ghi", "\\\\\\\\"];

    private static readonly Gen<string> Value = Gen.Int.Select(seed => JsonValue(new Random(seed), 0));

    [Fact]
    public void A_nested_value_of_any_shape_is_skipped_to_exactly_its_end()
    {
        Gen.Select(Value, Gen.Int[0, 70]).Sample((value, pad) =>
        {
            var (record, message) = Record(value, pad);
            using var extractor = new RecordExtractor(new DecodeStats(), 0);

            Assert.True(extractor.TryParse(record, isFinalBlock: true, out var parsed));

            Assert.Equal(record.Length, parsed.Length);
            Assert.Equal(MessageKind.Inline, parsed.MessageKind);
            Assert.Equal(message, Encoding.UTF8.GetString(record, parsed.MessageStart, parsed.MessageLength));
        });
    }

    [Fact]
    public void A_nested_value_cut_anywhere_is_incomplete_not_an_error()
    {
        Gen.Select(Value, Gen.Int[0, 70]).Sample(
            (value, pad) =>
            {
                var (record, _) = Record(value, pad);
                using var extractor = new RecordExtractor(new DecodeStats(), 0);
                for (var cut = 1; cut < record.Length; cut++)
                {
                    Assert.False(extractor.TryParse(record.AsSpan(0, cut), isFinalBlock: false, out _), $"cut at {cut}");
                }
            },
            iter: 100);
    }

    [Fact]
    public void Escaped_quotes_and_brackets_in_strings_at_every_block_offset_are_not_structure()
    {
        for (var pad = 0; pad < 140; pad++)
        {
            foreach (var tricky in new[] { "\\\"}]", "\\\\x\\\\", "\\\\\\\"]}", "}\\\\", "]\\\"\\\\" })
            {
                var value = $"{{\"a\":[\"{new string('p', pad)}{tricky}\",{{\"b\":\"{tricky}{new string('q', pad % 67)}\"}}],\"c\":\"{tricky}\"}}";
                var (record, message) = Record(value, 0);
                using var extractor = new RecordExtractor(new DecodeStats(), 0);
                using (JsonDocument.Parse(record))
                {
                    // The case itself is valid JSON.
                }

                Assert.True(extractor.TryParse(record, isFinalBlock: true, out var parsed));

                Assert.Equal(record.Length, parsed.Length);
                Assert.Equal(message, Encoding.UTF8.GetString(record, parsed.MessageStart, parsed.MessageLength));
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(200)]
    public void Mismatched_brackets_after_long_strings_are_still_refused(int pad)
    {
        var text = new string('p', pad);
        foreach (var value in new[] { $"{{\"a\":[\"{text}\"}}}}", $"[{{\"a\":\"{text}\\\"\"]}}]", $"{{\"a\":\"{text}\"]" })
        {
            var (record, _) = Record(value, 0);
            using var extractor = new RecordExtractor(new DecodeStats(), 0);

            Assert.ThrowsAny<JsonException>(() => extractor.TryParse(record, isFinalBlock: true, out _));
        }
    }

    private static (byte[] Record, string Message) Record(string kubernetesValue, int pad)
    {
        var message = "m" + new string('.', pad);
        var json = $"{{\"kubernetes\":{kubernetesValue},\"message\":\"{message}\"}}";
        return (Encoding.UTF8.GetBytes(json), message);
    }

    private static string JsonValue(Random random, int depth)
    {
        var builder = new StringBuilder();
        Write(builder, random, depth, container: true);
        var json = builder.ToString();

        // The generator itself must only produce valid JSON.
        using var document = JsonDocument.Parse(json);
        return json;
    }

    private static void Write(StringBuilder builder, Random random, int depth, bool container)
    {
        var space = random.Next(4) == 0 ? " " : string.Empty;
        var kind = container ? random.Next(2) : random.Next(depth >= 5 ? 2 : 4);
        switch (kind)
        {
            case 0 when !container:
                WriteString(builder, random);
                break;
            case 1 when !container:
                builder.Append(random.Next(3) switch { 0 => "12345678901234567890", 1 => "true", _ => "null" });
                break;
            case 0 or 2:
                builder.Append('{').Append(space);
                for (var i = random.Next(6); i >= 0; i--)
                {
                    WriteString(builder, random);
                    builder.Append(space).Append(':').Append(space);
                    Write(builder, random, depth + 1, container: false);
                    builder.Append(i > 0 ? "," + space : space);
                }

                builder.Append('}');
                break;
            default:
                builder.Append('[').Append(space);
                for (var i = random.Next(6); i >= 0; i--)
                {
                    Write(builder, random, depth + 1, container: false);
                    builder.Append(i > 0 ? "," + space : space);
                }

                builder.Append(']');
                break;
        }
    }

    private static void WriteString(StringBuilder builder, Random random)
    {
        builder.Append('"');
        for (var i = random.Next(12); i > 0; i--)
        {
            builder.Append(random.Next(3) == 0 ? new string('s', random.Next(1, 80)) : Tricky[random.Next(Tricky.Length)]);
        }

        builder.Append('"');
    }
}
