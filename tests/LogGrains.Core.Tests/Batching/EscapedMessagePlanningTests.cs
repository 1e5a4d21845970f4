using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;
using LogGrains.Core.Tests.Decoding;

namespace LogGrains.Core.Tests.Batching;

/// <summary>
/// The decoder hands a string message that holds escapes to the planner as it stands in the file, and the planner writes
/// it into the request body unchanged. Whatever the escapes, that must plan exactly the batches that the unescaped
/// message given to <see cref="BatchPlanner.Add"/> plans, and the body must decode to exactly the same messages.
/// </summary>
public sealed class EscapedMessagePlanningTests
{
    private const long Hour = 3_600_000;

    // JSON string content, escaped in every way a producer may write it.
    private static readonly Gen<string> GenEscapedText = Gen.Frequency(
        (4, Gen.Int[0x20, 0x7E].Where(c => c is not '"' and not '\\').Select(c => ((char)c).ToString())),
        (3, Gen.Int[0, JsonStringReference.SimpleEscapes.Length - 1].Select(i => JsonStringReference.SimpleEscapes[i])),
        (1, Gen.Int[0, 0x1F].Select(c => Hex(c))),
        (2, Gen.Int[0x80, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => Hex(c))),
        (2, Gen.Int[0x10000, 0x10FFFF].Select(c => new Rune(c).ToString()).Select(s => Hex(s[0]) + Hex(s[1]))),
        (2, Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c).ToString())),
        (1, Gen.Int[1, 300].Select(n => new string('x', n))))
        .Array[1, 30].Select(parts => string.Concat(parts));

    private static readonly Gen<long> GenTimestamp = Gen.Frequency(
        (5, Gen.Long[-3 * Hour, Hour]),
        (2, Gen.Long[0, 2]),
        (1, Gen.Long[(-14 * 24 * Hour) - 5, (-14 * 24 * Hour) + 5]),
        (1, Gen.Long[(2 * Hour) - 5, (2 * Hour) + 5]))
        .Select(offset => PlanRun.NowMs + offset);

    [Fact]
    public void Escaped_messages_plan_the_same_batches_as_their_unescaped_bytes_and_the_bodies_decode_to_them()
    {
        Gen.Select(Gen.Select(GenTimestamp, GenEscapedText).Array[1, 40], BatchPlannerProperties.GenLimits)
            .Sample(
                (events, limits) =>
                {
                    var file = Encoding.UTF8.GetBytes(string.Concat(events.Select(e =>
                        $"{{\"timestamp\":{e.Item1.ToString(CultureInfo.InvariantCulture)},\"message\":\"{e.Item2}\"}}\n")));
                    var unescaped = events.Select(e => (e.Item1, JsonStringReference.Unescape(e.Item2))).ToList();

                    var expected = PlanRun.Plan(limits, unescaped);
                    var (actual, bodies, _) = PlanDecodedAsync(file, limits).GetAwaiter().GetResult();

                    Assert.Equal(Describe(expected.Batches), Describe(actual));
                    for (var b = 0; b < actual.Count; b++)
                    {
                        Assert.Equal(
                            actual[b].Events.Select(e => (e.TimestampMs, Convert.ToHexString(e.Message))),
                            BodyEvents(bodies[b]));
                    }
                },
                iter: 400);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(100)]
    public async Task A_message_with_escapes_and_invalid_UTF8_is_repaired_before_it_reaches_the_planner(int padding)
    {
        // The escape makes the decoder measure the string instead of unescaping it; the Latin-1 byte must still be caught,
        // whether it falls in the measuring's short tail or inside one of its 32-byte blocks.
        var pad = new string('p', padding);
        byte[] record = [.. Encoding.UTF8.GetBytes($"{{\"timestamp\":\"2026-11-26T12:00:00Z\",\"message\":\"say \\\"{pad}caf"), 0xE9, .. Encoding.UTF8.GetBytes($"{pad}\\\"\"}}\n")];
        var expected = $"say \"{pad}caf\uFFFD{pad}\"";

        var (batches, bodies, stats) = await PlanDecodedAsync(record, new BatchLimits());

        var captured = Assert.Single(Assert.Single(batches).Events);
        Assert.Equal(expected, Encoding.UTF8.GetString(captured.Message));
        Assert.Equal([(captured.TimestampMs, Convert.ToHexString(Encoding.UTF8.GetBytes(expected)))], BodyEvents(bodies[0]));
        Assert.Equal(1, stats.InvalidUtf8Repaired);
    }

    [Fact]
    public async Task An_escaped_message_counts_its_unescaped_bytes_against_the_batch_limit()
    {
        // 100 escaped quotes are 200 bytes in the file but 100 bytes for CloudWatch: two such events fit a batch of
        // 2 x (100 + 26) bytes exactly, which they would not if the escaped length were counted.
        var limits = new BatchLimits { MaxBatchBytes = 2 * 126, MaxEventBytes = 126 };
        var message = string.Concat(Enumerable.Repeat("\\\"", 100));
        var file = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat($"{{\"timestamp\":{PlanRun.NowMs},\"message\":\"{message}\"}}\n", 2)));

        var (batches, bodies, _) = await PlanDecodedAsync(file, limits);

        var batch = Assert.Single(batches);
        Assert.Equal(2 * 126, batch.PayloadBytes);
        Assert.All(BodyEvents(bodies[0]), e => Assert.Equal(Convert.ToHexString(Encoding.UTF8.GetBytes(new string('"', 100))), e.Message));
    }

    private static async Task<(List<CapturedBatch> Batches, List<byte[]> Bodies, DecodeStats Stats)> PlanDecodedAsync(byte[] file, BatchLimits limits)
    {
        var batches = new List<CapturedBatch>();
        var bodies = new List<byte[]>();
        using var planner = new BatchPlanner(limits, PlanRun.Now);
        await using var reader = new VectorFileReader(new MemoryStream(file), DecodeHarness.Fallback);
        while (await reader.ReadAsync(planner))
        {
            Drain();
        }

        planner.Complete();
        Drain();
        return (batches, bodies, reader.Stats);

        void Drain()
        {
            while (planner.TryTakeBatch(out var batch))
            {
                using (batch)
                {
                    bodies.Add(Body(batch));
                    batches.Add(CapturedBatch.From(batch));
                }
            }
        }
    }

    private static byte[] Body(PlannedBatch batch)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        batch.WriteRequestBody(output, "/g", "s");
        return output.WrittenSpan.ToArray();
    }

    private static List<(long TimestampMs, string Message)> BodyEvents(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("logEvents").EnumerateArray()
            .Select(e => (e.GetProperty("timestamp").GetInt64(), Convert.ToHexString(Encoding.UTF8.GetBytes(e.GetProperty("message").GetString()!))))
            .ToList();
    }

    private static string Describe(List<CapturedBatch> batches) => string.Join(
        "\n",
        batches.Select(b => $"[{b.FirstPiece},{b.EndPiece}) {b.PayloadBytes} B {b.MinTimestamp}..{b.MaxTimestamp}: "
            + string.Join(" ", b.Events.Select(e => $"{e.Position}@{e.TimestampMs}={Convert.ToHexString(e.Message)}"))));

    private static string Hex(int c) => JsonStringReference.Hex(c, upper: c % 2 == 0);
}
