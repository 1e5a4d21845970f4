using System.Globalization;
using System.Text;
using CsCheck;
using LogGrains.Core.Batching;
using LogGrains.Core.Content;
using LogGrains.Core.Decoding;
using LogGrains.Core.Tests.Batching;
using LogGrains.Core.Tests.Decoding;

namespace LogGrains.Core.Tests.Content;

/// <summary>
/// The rules as delivery runs them: a Vector file decoded, filtered and planned. Messages come JSON-escaped (every escape
/// JSON has, <c>\u</c> ones included) and some are longer than one CloudWatch event, so the planner splits them.
/// </summary>
public sealed class ContentPipelineTests
{
    // Escapes every character in one of the ways JSON allows, chosen by the generator.
    private static readonly Gen<Func<string, string>> GenEscaper = Gen.Int[0, 2].Select<int, Func<string, string>>(style => text =>
    {
        var output = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var spelled = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '/' when style == 1 => "\\/",
                < ' ' => JsonStringReference.Hex(c, upper: true),
                _ when style == 2 && (i % 3 == 0 || c > 0x7E) => JsonStringReference.Hex(c, upper: i % 2 == 0),
                _ => c.ToString(),
            };
            output.Append(spelled);
        }

        return output.ToString();
    });

    [Fact]
    public void No_secret_survives_escaped_JSON_messages_nor_the_split_of_an_oversized_event()
    {
        var rules = SecretGen.AllBuiltIns();
        var limits = new BatchLimits { MaxEventBytes = 26 + 64, MaxBatchBytes = 4096 };
        Gen.Select(SecretGen.AnySecret, SecretGen.Noise, SecretGen.Delimiter, SecretGen.Noise, GenEscaper, Gen.Int[0, 2])
            .Sample(
                (secret, before, delimiter, after, escape, where) =>
                {
                    var message = where switch
                    {
                        0 => secret.Text + delimiter + after,
                        1 => before + delimiter + secret.Text + delimiter + after,
                        _ => before + delimiter + secret.Text,
                    };
                    var file = Encoding.UTF8.GetBytes($"{{\"timestamp\":{PlanRun.NowMs.ToString(CultureInfo.InvariantCulture)},\"message\":\"{escape(message)}\"}}\n");

                    var (delivered, counts) = Run(rules, file, limits);

                    var joined = Encoding.UTF8.GetString([.. delivered.SelectMany(e => e)]);
                    Assert.DoesNotContain(secret.Secret, joined, StringComparison.Ordinal);
                    Assert.Equal(rules.Apply(message).Text, joined);
                    Assert.Equal((1L, 1L), (counts.Kept, counts.Redacted));
                },
                iter: 3000);
    }

    [Fact]
    public void A_secret_spelled_with_unicode_escapes_is_redacted_once_unescaped()
    {
        // "jane@example.com" with the @ written \u0040, and a key name quoted inside an escaped JSON message.
        var file = Encoding.UTF8.GetBytes(
            "{\"message\":\"mail jane\\u0040example.com\"}\n" +
            "{\"message\":\"{\\\"aws_secret_access_key\\\":\\\"wJalrXUtnFEMI\\/K7MDENG\\/bPxRfiCYEXAMPLEKEY\\\"}\"}\n");

        var (delivered, _) = Run(SecretGen.AllBuiltIns(), file, new BatchLimits());

        Assert.Equal(
            ["mail [REDACTED:email]", "{\"aws_secret_access_key\":\"[REDACTED:aws-secret-key]\"}"],
            delivered.Select(e => Encoding.UTF8.GetString(e)));
    }

    [Fact]
    public void An_escaped_message_without_a_candidate_keeps_the_fast_path_and_one_with_a_candidate_is_unescaped()
    {
        var rules = SecretGen.AllBuiltIns();
        var sink = new RecordingSink();
        using var filter = new ContentFilterSink(rules, sink);

        var clean = "GET \\\"/api/v1/users/12345\\\" 200 13ms at 2026-11-26T12:00:00Z\""u8;
        var candidate = "user \\\"jane@example.com\\\"\""u8;
        var unicode = "caf\\u00e9\""u8;

        Assert.True(filter.TryAddValidEscapedUtf8(1, clean, clean.Length - 5));
        Assert.False(filter.TryAddValidEscapedUtf8(2, candidate, candidate.Length - 3));
        Assert.False(filter.TryAddValidEscapedUtf8(3, unicode, 5));
        Assert.Equal([(1L, true)], sink.Events.Select(e => (e.TimestampMs, e.Escaped)));
        Assert.Equal(1, filter.Counts.Kept);
    }

    [Fact]
    public void Rules_that_need_the_text_decline_every_escaped_message()
    {
        Assert.True(ContentRules.TryCompile(new ContentRuleSpec(["GET"], [], []), out var rules, out _));
        using var filter = new ContentFilterSink(rules, new RecordingSink());

        Assert.False(filter.TryAddValidEscapedUtf8(1, "GET \\\"/\\\"\""u8, 7));
    }

    private static (List<byte[]> Delivered, ContentCounts Counts) Run(ContentRules rules, byte[] file, BatchLimits limits)
    {
        var delivered = new List<byte[]>();
        using var planner = new BatchPlanner(limits, PlanRun.Now);
        using var filter = new ContentFilterSink(rules, planner);
        var reader = new VectorFileReader(new MemoryStream(file), DecodeHarness.Fallback);
        try
        {
            while (reader.ReadAsync(filter).AsTask().GetAwaiter().GetResult())
            {
                Drain();
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        planner.Complete();
        Drain();
        return (delivered, filter.Counts);

        void Drain()
        {
            while (planner.TryTakeBatch(out var batch))
            {
                using (batch)
                {
                    delivered.AddRange(CapturedBatch.From(batch).Events.OrderBy(e => e.Position).Select(e => e.Message));
                }
            }
        }
    }
}
