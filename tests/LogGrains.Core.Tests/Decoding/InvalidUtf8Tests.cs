using LogGrains.Core.Batching;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

public sealed class InvalidUtf8Tests
{
    [Fact]
    public async Task Latin1_text_line_is_delivered_with_replacement_characters_and_counted()
    {
        byte[] latin1 = [.. "caf"u8, 0xE9, .. " ok\nclean line\n"u8];

        var result = await DecodeHarness.DecodeAsync(latin1);

        Assert.Equal(["caf\uFFFD ok", "clean line"], result.Events.Select(e => e.Text));
        Assert.Equal(1, result.Stats.InvalidUtf8Repaired);
    }

    [Fact]
    public async Task Invalid_UTF8_inside_a_JSON_message_reaches_the_planner_without_failing_the_file()
    {
        byte[] record = [.. """{"timestamp":"2026-11-26T12:00:00Z","message":"bad """u8, 0xC3, 0x28, .. "\"}\n"u8];
        using var planner = new BatchPlanner(new BatchLimits(), DecodeHarness.Fallback);
        await using var reader = new VectorFileReader(new MemoryStream(record), DecodeHarness.Fallback);

        while (await reader.ReadAsync(planner))
        {
        }

        planner.Complete();
        Assert.True(planner.TryTakeBatch(out var batch));
        using (batch)
        {
            Assert.Equal("bad \uFFFD(", System.Text.Encoding.UTF8.GetString(batch.GetMessage(0)));
        }

        Assert.Equal(1, reader.Stats.InvalidUtf8Repaired);
    }

    [Fact]
    public void The_planner_s_checked_UTF8_entry_still_refuses_empty_messages_and_adds_after_completion()
    {
        using var planner = new BatchPlanner(new BatchLimits(), DecodeHarness.Fallback);
        var sink = (LogGrains.Core.Events.IValidUtf8EventSink)planner;

        Assert.Throws<ArgumentException>(() => sink.AddValidUtf8(DecodeHarness.FallbackMs, default));
        sink.AddValidUtf8(DecodeHarness.FallbackMs, "ok"u8);
        planner.Complete();
        Assert.Throws<InvalidOperationException>(() => sink.AddValidUtf8(DecodeHarness.FallbackMs, "late"u8));

        Assert.True(planner.TryTakeBatch(out var batch));
        using (batch)
        {
            Assert.Equal("ok"u8.ToArray(), batch.GetMessage(0).ToArray());
        }
    }
}
