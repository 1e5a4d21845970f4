using LogGrains.Core.Decoding;
using static LogGrains.Core.Tests.Decoding.DecodeHarness;

namespace LogGrains.Core.Tests.Decoding;

public sealed class VectorFileReaderTests
{
    private const long T0 = 1_795_694_400_101; // 2026-11-26T12:00:00.101Z

    [Fact]
    public async Task Gzip_is_detected_by_magic_bytes_and_plain_content_is_read_as_is()
    {
        var plain = Utf8("""{"timestamp":"2026-11-26T12:00:00.101374912Z","message":"hello"}""" + "\n");

        var gz = await DecodeAsync(Gzip(plain));
        var raw = await DecodeAsync(plain);

        Assert.True(gz.Stats.IsGzip);
        Assert.False(raw.Stats.IsGzip);
        Assert.Equal([new LoggedEvent(T0, "hello")], gz.Events);
        Assert.Equal(gz.Events, raw.Events);
        Assert.Equal(plain.Length, gz.Stats.DecompressedBytes);
        Assert.Equal(plain.Length, raw.Stats.DecompressedBytes);
    }

    [Fact]
    public async Task Every_member_of_a_multi_member_gzip_is_read()
    {
        var input = Gzip(
            Utf8("""{"timestamp":1795694400101,"message":"one"}""" + "\n"),
            Utf8("""{"timestamp":1795694400101,"message":"two"}""" + "\n"),
            Utf8("""{"timestamp":1795694400101,"message":"three"}"""));

        var result = await DecodeAsync(input, maxBytesPerRead: 7);

        Assert.Equal(["one", "two", "three"], result.Events.Select(e => e.Text));
    }

    [Fact]
    public async Task Corrupt_gzip_fails_with_CorruptCompression()
    {
        var input = Gzip(Utf8(string.Concat(Enumerable.Repeat("""{"message":"abcdefgh"}""" + "\n", 200))));
        for (var i = 12; i < 40; i++)
        {
            input[i] ^= 0x5a;
        }

        var failure = await FailAsync(input);

        Assert.Equal(DecodeFailure.CorruptCompression, failure.Reason);
        Assert.Contains("gzip", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Truncated_json_array_fails_with_MalformedJson_even_when_gzipped()
    {
        var text = """[{"message":"a"},{"message":"b"},{"message":"c"}]""";
        foreach (var cut in new[] { text.Length - 1, text.Length - 2, 20, 1 })
        {
            var truncated = Utf8(text[..cut]);
            Assert.Equal(DecodeFailure.MalformedJson, (await FailAsync(truncated)).Reason);
            Assert.Equal(DecodeFailure.MalformedJson, (await FailAsync(Gzip(truncated))).Reason);
        }
    }

    [Fact]
    public async Task Truncated_last_ndjson_line_fails_with_MalformedJson()
    {
        var failure = await FailAsync("{\"message\":\"a\"}\n{\"message\":\"b\"}\n{\"message\":\"c");

        Assert.Equal(DecodeFailure.MalformedJson, failure.Reason);
        Assert.Contains("line (3", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"message":"a"} {"message":"b"}]""")]
    [InlineData("""[{"message":"a"},]""")]
    [InlineData("""[{"message":"a"},"b"]""")]
    [InlineData("""[[{"message":"a"}]]""")]
    [InlineData("""[{"message":"a"}] x""")]
    [InlineData("""[{"message":"a",}]""")]
    [InlineData("""[{"message":"a"}]]""")]
    public async Task Malformed_json_array_content_fails_with_MalformedJson_naming_the_offset(string content)
    {
        var failure = await FailAsync(content);

        Assert.Equal(DecodeFailure.MalformedJson, failure.Reason);
        Assert.Contains("byte offset", failure.Message, StringComparison.Ordinal);
        Assert.InRange(failure.ByteOffset, 0, content.Length);
    }

    [Fact]
    public async Task Non_json_lines_inside_ndjson_are_delivered_verbatim_and_counted()
    {
        var result = await DecodeAsync(
            "{\"timestamp\":1795694400101,\"message\":\"a\"}\n" +
            "panic: runtime error\r\n" +
            "{\"message\":\"broken\"\n" +
            "  {\"timestamp\":1795694400101,\"message\":\"b\"}  \n" +
            "\n" +
            "[1,2]\n" +
            "{\"message\":\"x\"} trailing\n");

        Assert.Equal(
            [
                new LoggedEvent(T0, "a"),
                new LoggedEvent(FallbackMs, "panic: runtime error"),
                new LoggedEvent(FallbackMs, "{\"message\":\"broken\""),
                new LoggedEvent(T0, "b"),
                new LoggedEvent(FallbackMs, "[1,2]"),
                new LoggedEvent(FallbackMs, "{\"message\":\"x\"} trailing"),
            ],
            result.Events);
        Assert.Equal(ContentFormat.Ndjson, result.Stats.Format);
        Assert.Equal(4, result.Stats.NonJsonLines);
        Assert.Equal(6, result.Stats.Events);
    }

    [Fact]
    public async Task Ndjson_lines_may_be_arrays_of_records()
    {
        var result = await DecodeAsync(
            "{\"message\":\"a\"}\n[{\"message\":\"b\"},{\"message\":\"c\"}]\n[]\n{\"message\":\"d\"}");

        Assert.Equal(["a", "b", "c", "d"], result.Events.Select(e => e.Text));
        Assert.Equal(ContentFormat.Ndjson, result.Stats.Format);
        Assert.Equal(0, result.Stats.NonJsonLines);
    }

    [Fact]
    public async Task Pretty_printed_array_and_a_sequence_of_arrays_decode()
    {
        var result = await DecodeAsync(
            "[\n  {\n    \"timestamp\": \"2026-11-26T12:00:00.101374912Z\",\n    \"message\": \"a\"\n  },\n  {\"message\" : \"b\"}\n]\n" +
            "[{\"message\":\"c\"}]\r\n{\"message\":\"d\"}\n");

        Assert.Equal([new LoggedEvent(T0, "a"), new LoggedEvent(FallbackMs, "b"), new LoggedEvent(FallbackMs, "c"), new LoggedEvent(FallbackMs, "d")], result.Events);
        Assert.Equal(ContentFormat.JsonArray, result.Stats.Format);
    }

    [Fact]
    public async Task String_messages_are_unescaped_exactly()
    {
        var result = await DecodeAsync("""[{"message":"say \"hi\"\n\ttab \u00e9\u20ac \ud83d\ude00 \\ \/ \u003c\u0026 é€😀"}]""");

        Assert.Equal("say \"hi\"\n\ttab é€ 😀 \\ / <& é€😀", Assert.Single(result.Events).Text);
    }

    [Theory]
    [InlineData("""[{"message":"bad \x escape"}]""")]
    [InlineData("""[{"message":"bad \u12G4 escape"}]""")]
    [InlineData("[{\"message\":\"raw\ttab\"}]")]
    [InlineData("[{\"message\":\"a\\\"b\tc\"}]")]
    [InlineData("""[{"message":{"a":1,}}]""")]
    [InlineData("""[{"message":1-2}]""")]
    [InlineData("""[{"message":tru}]""")]
    [InlineData("""[{"kubernetes":{"a":[1}},"message":"m"}]""")]
    [InlineData("""[{"kubernetes":{"a":"b"]},"message":"m"}]""")]
    [InlineData("""[{"kubernetes":{"a" 1},"level":"x"}]""")]
    [InlineData("""[{"message":"m" "x":1}]""")]
    [InlineData("""[{message:"m"}]""")]
    public async Task Invalid_json_in_what_is_delivered_or_in_the_record_structure_fails_with_MalformedJson(string content)
    {
        var failure = await FailAsync(content);

        Assert.Equal(DecodeFailure.MalformedJson, failure.Reason);
    }

    [Fact]
    public async Task Invalid_json_line_in_ndjson_is_delivered_as_text_not_half_decoded()
    {
        var result = await DecodeAsync("{\"message\":\"ok\"}\n{\"message\":\"bad \\x\"}\n");

        Assert.Equal(["ok", "{\"message\":\"bad \\x\"}"], result.Events.Select(e => e.Text));
        Assert.Equal(1, result.Stats.NonJsonLines);
    }

    [Fact]
    public async Task Object_and_array_messages_are_raw_json_byte_for_byte()
    {
        const string Obj = """{ "z":1, "a":"\u003cb\u003e&amp;", "big":12345678901234567890123, "f":1.50e+10, "n":{"x" : [ 1 ,2 ]} }""";
        const string Arr = """["\u00e9",true,null,-0.0]""";
        var result = await DecodeAsync("[{\"message\":" + Obj + ",\"timestamp\":1795694400101},{\"message\":" + Arr + "}]");

        Assert.Equal([new LoggedEvent(T0, Obj), new LoggedEvent(FallbackMs, Arr)], result.Events);
    }

    [Fact]
    public async Task Number_and_boolean_messages_are_their_raw_text()
    {
        var result = await DecodeAsync("""[{"message":12345678901234567890123},{"message":-1.5e3},{"message":true},{"message":false}]""");

        Assert.Equal(["12345678901234567890123", "-1.5e3", "true", "false"], result.Events.Select(e => e.Text));
    }

    [Fact]
    public async Task Empty_and_null_messages_are_skipped_and_counted_not_failed()
    {
        var result = await DecodeAsync("""[{"message":""},{"message":null},{"customer_id":"c","kubernetes":{"a":1},"timestamp":"x"},{"message":"kept"}]""");

        Assert.Equal(["kept"], result.Events.Select(e => e.Text));
        Assert.Equal(3, result.Stats.EmptySkipped);
        Assert.Equal(4, result.Stats.Records);
    }

    [Fact]
    public async Task A_file_with_only_empty_messages_ends_normally()
    {
        var result = await DecodeAsync("{\"message\":\"\"}\n{\"message\":null}\n");

        Assert.Empty(result.Events);
        Assert.Equal(2, result.Stats.EmptySkipped);
    }

    [Fact]
    public async Task Missing_message_gives_the_record_minus_vector_metadata_in_file_order()
    {
        const string Record = """
            { "customer_id":"acme", "level" : "warn", "cluster_id":"c1", "namespace":"ns", "application":"app",
              "pod_name":"p", "kubernetes":{"message":"not this","pod_labels":{"a":"b"}}, "timestamp":"2026-11-26T12:00:00.101Z",
              "ingest_timestamp":"2026-11-26T12:05:00Z", "source_type":"kubernetes_logs", "file":"/var/log/x.log",
              "stream":"stdout", "msg":"caf\u00e9 \u003c", "n":12345678901234567890123, "obj":{ "k" : [1, 2] }, "ok":true, "nil":null }
            """;

        var result = await DecodeAsync("[" + Record + "]");

        Assert.Equal(
            [new LoggedEvent(T0, """{"level":"warn","msg":"caf\u00e9 \u003c","n":12345678901234567890123,"obj":{ "k" : [1, 2] },"ok":true,"nil":null}""")],
            result.Events);
    }

    [Fact]
    public async Task Escaped_property_names_are_recognised()
    {
        var result = await DecodeAsync("""{"mess\u0061ge":"m","time\u0073tamp":"2026-11-26T12:00:00.101Z","\u0066ile":"f"}""");

        Assert.Equal([new LoggedEvent(T0, "m")], result.Events);
    }

    [Fact]
    public async Task Message_inside_kubernetes_block_is_not_the_record_message()
    {
        var result = await DecodeAsync("""{"kubernetes":{"message":"inner","timestamp":"2020-01-01T00:00:00Z"},"message":"outer"}""");

        Assert.Equal([new LoggedEvent(FallbackMs, "outer")], result.Events);
    }

    [Theory]
    [InlineData("\"2026-11-26T12:00:00.101374912Z\"", T0)]
    [InlineData("\"2026-11-26T14:00:00.101+02:00\"", T0)]
    [InlineData("\"2026-11-26 12:00:00.101\"", T0)]
    [InlineData("1795694400.101", T0)]
    [InlineData("1795694400101", T0)]
    [InlineData("\"1795694400101999\"", T0)]
    [InlineData("1795694400101999999", T0)]
    [InlineData("\"2026-11-26T12:00:00.101\\u005a\"", T0)]
    public async Task Timestamps_in_every_accepted_form_become_epoch_ms(string json, long expected)
    {
        var result = await DecodeAsync("{\"timestamp\":" + json + ",\"message\":\"m\"}");

        Assert.Equal(expected, Assert.Single(result.Events).TimestampMs);
        Assert.Equal(0, result.Stats.TimestampFallbacks);
    }

    [Theory]
    [InlineData("")]
    [InlineData(",\"timestamp\":\"yesterday\"")]
    [InlineData(",\"timestamp\":null")]
    [InlineData(",\"timestamp\":true")]
    [InlineData(",\"timestamp\":{\"s\":1}")]
    [InlineData(",\"timestamp\":[1795694400]")]
    [InlineData(",\"timestamp\":\"\"")]
    public async Task Missing_or_unparsable_timestamp_falls_back_to_the_event_time_and_is_counted(string timestampProperty)
    {
        var result = await DecodeAsync("{\"message\":\"m\"" + timestampProperty + "}");

        Assert.Equal([new LoggedEvent(FallbackMs, "m")], result.Events);
        Assert.Equal(1, result.Stats.TimestampFallbacks);
    }

    [Fact]
    public async Task Plain_text_lines_are_messages_at_the_fallback_time()
    {
        var result = await DecodeAsync("\n  first line\r\nsecond {\"message\":\"x\"}\n\n\r\nthird");

        Assert.Equal(
            [new LoggedEvent(FallbackMs, "  first line"), new LoggedEvent(FallbackMs, "second {\"message\":\"x\"}"), new LoggedEvent(FallbackMs, "third")],
            result.Events);
        Assert.Equal(ContentFormat.PlainText, result.Stats.Format);
        Assert.Equal(3, result.Stats.TimestampFallbacks);
    }

    [Fact]
    public async Task Utf8_bom_is_skipped_in_every_framing()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];

        var array = await DecodeAsync([.. bom, .. Utf8("[{\"message\":\"a\"}]")], maxBytesPerRead: 1);
        var ndjson = await DecodeAsync([.. bom, .. Utf8("{\"message\":\"a\"}")]);
        var text = await DecodeAsync(Gzip([.. bom, .. Utf8("a\n")]));

        Assert.Equal(ContentFormat.JsonArray, array.Stats.Format);
        Assert.Equal(ContentFormat.Ndjson, ndjson.Stats.Format);
        Assert.Equal(ContentFormat.PlainText, text.Stats.Format);
        Assert.All(new[] { array, ndjson, text }, r => Assert.Equal("a", Assert.Single(r.Events).Text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t\n")]
    [InlineData("[]")]
    [InlineData("[ ]\n[]\n")]
    [InlineData("\uFEFF")]
    public async Task A_file_without_any_record_fails_with_NoEvents(string content)
    {
        var plain = await FailAsync(content);
        var gz = await FailAsync(Gzip(Utf8(content)));

        Assert.Equal(DecodeFailure.NoEvents, plain.Reason);
        Assert.Equal(DecodeFailure.NoEvents, gz.Reason);
    }

    [Fact]
    public async Task NoEvents_is_raised_by_the_final_read_and_again_on_later_reads()
    {
        await using var reader = new VectorFileReader(new MemoryStream(Utf8("[]")), Fallback);
        var sink = new CollectingSink();

        var first = await Assert.ThrowsAsync<VectorDecodeException>(() => reader.ReadAsync(sink).AsTask());
        var again = await Assert.ThrowsAsync<VectorDecodeException>(() => reader.ReadAsync(sink).AsTask());

        Assert.Equal(DecodeFailure.NoEvents, first.Reason);
        Assert.Equal(DecodeFailure.NoEvents, again.Reason);
    }

    [Theory]
    [InlineData("[{\"message\":\"0123456789012345678901234567890123456789\"}]")]
    [InlineData("{\"message\":\"0123456789012345678901234567890123456789\"}\n")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890\n")]
    public async Task Record_or_line_above_the_max_size_fails_with_RecordTooLarge(string content)
    {
        var options = new DecodeOptions { ChunkSize = 8, MaxRecordSize = 32 };

        var failure = await FailAsync(content, options);
        var whole = await FailAsync(content, options with { ChunkSize = 4096 });

        Assert.Equal(DecodeFailure.RecordTooLarge, failure.Reason);
        Assert.Equal(DecodeFailure.RecordTooLarge, whole.Reason);
        Assert.Contains("MaxRecordSize", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_of_exactly_the_max_size_is_accepted()
    {
        const string Record = "{\"message\":\"0123456789abcdefghi\"}";
        var options = new DecodeOptions { ChunkSize = 3, MaxRecordSize = Record.Length };

        var array = await DecodeAsync(Utf8("[" + Record + "]"), options);
        var line = await DecodeAsync(Utf8(Record + "\n" + Record), options);

        Assert.Single(array.Events);
        Assert.Equal(2, line.Events.Count);
    }

    [Fact]
    public async Task Each_read_consumes_about_one_chunk_when_records_are_small()
    {
        var content = string.Concat(Enumerable.Repeat("{\"message\":\"0123456789\"}\n", 1000));
        var options = new DecodeOptions { ChunkSize = 1024 };
        var sink = new CollectingSink();
        await using var reader = new VectorFileReader(new MemoryStream(Utf8(content)), Fallback, options);

        long previous = 0;
        var more = true;
        while (more)
        {
            more = await reader.ReadAsync(sink);
            Assert.InRange(reader.Stats.DecompressedBytes - previous, 0, options.ChunkSize);
            previous = reader.Stats.DecompressedBytes;
        }

        Assert.Equal(1000, sink.Events.Count);
        Assert.Equal(content.Length, reader.Stats.DecompressedBytes);
    }

    [Fact]
    public async Task Events_are_pushed_before_the_whole_file_is_read()
    {
        var content = string.Concat(Enumerable.Repeat("{\"message\":\"0123456789\"}\n", 1000));
        var sink = new CollectingSink();
        await using var reader = new VectorFileReader(new MemoryStream(Utf8(content)), Fallback, new DecodeOptions { ChunkSize = 1024 });

        Assert.True(await reader.ReadAsync(sink));

        Assert.InRange(sink.Events.Count, 1, 100);
    }

    [Fact]
    public async Task Options_below_one_are_refused_naming_the_option()
    {
        var chunk = Assert.Throws<ArgumentOutOfRangeException>(() => new VectorFileReader(Stream.Null, Fallback, new DecodeOptions { ChunkSize = 0 }));
        var max = Assert.Throws<ArgumentOutOfRangeException>(() => new VectorFileReader(Stream.Null, Fallback, new DecodeOptions { MaxRecordSize = 0 }));

        Assert.Contains("ChunkSize", chunk.Message, StringComparison.Ordinal);
        Assert.Contains("MaxRecordSize", max.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }
}
