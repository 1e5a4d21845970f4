using LogGrains.Core.Decoding;
using static LogGrains.Core.Tests.Decoding.DecodeHarness;

namespace LogGrains.Core.Tests.Decoding;

public sealed class BoundedMemoryTests
{
    [Fact]
    public async Task A_64MiB_gzip_stream_decodes_with_the_working_buffer_bounded_by_one_chunk()
    {
        const long PlainBytes = 64L * 1024 * 1024;
        var options = new DecodeOptions { ChunkSize = 64 * 1024 };
        await using var source = new GeneratedGzipStream(PlainBytes);
        var sink = new CountingSink();
        await using var reader = new VectorFileReader(source, Fallback, options);

        var calls = 0;
        while (await reader.ReadAsync(sink))
        {
            calls++;
        }

        Assert.Equal(source.Records, sink.Count);
        Assert.Equal(source.Records, reader.Stats.Events);
        Assert.True(reader.Stats.DecompressedBytes >= PlainBytes);
        Assert.True(calls >= PlainBytes / options.ChunkSize, $"only {calls} reads for {PlainBytes} bytes");
        Assert.Equal(options.ChunkSize, reader.BufferHighWaterMark);
        Assert.InRange(reader.ScratchCapacity, 0, 4096);
    }

    [Fact]
    public async Task A_record_larger_than_a_chunk_grows_the_buffer_only_to_about_its_size()
    {
        var big = new string('x', 300_000);
        var content = Utf8("{\"message\":\"small\"}\n{\"message\":\"" + big + "\"}\n{\"message\":\"small\"}\n");
        var sink = new CollectingSink();
        await using var reader = new VectorFileReader(new MemoryStream(Gzip(content)), Fallback, new DecodeOptions { ChunkSize = 4096 });

        while (await reader.ReadAsync(sink))
        {
        }

        Assert.Equal(["small", big, "small"], sink.Events.Select(e => e.Text));
        Assert.InRange(reader.BufferHighWaterMark, 300_000, 1024 * 1024);
    }
}
