using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LogGrains.Core.Decoding;
using static LogGrains.Core.Tests.Decoding.DecodeHarness;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>
/// GZipStream reports a gzip file cut short as a clean end; the decoder checks the last member's trailer instead.
/// </summary>
public sealed class GzipTruncationTests
{
    private static readonly string[] Lines = Enumerable.Range(0, 12)
        .Select(i => $"{{\"timestamp\":\"2026-11-26T12:00:0{i % 10}.5Z\",\"message\":\"line {i} {new string((char)('a' + i), i * 7)}\"}}\n")
        .ToArray();

    [Fact]
    public async Task A_gzip_file_cut_at_any_line_end_fails_as_truncated()
    {
        // Flushing after each line puts every line end at a point where the compressed prefix decompresses cleanly.
        var (gzip, lineEnds) = FlushedAfterEachLine(Lines);

        foreach (var cut in lineEnds.SkipLast(1))
        {
            var failure = await FailAsync(gzip[..cut]);

            Assert.Equal(DecodeFailure.CorruptCompression, failure.Reason);
            Assert.StartsWith("Truncated gzip", failure.Message, StringComparison.Ordinal);
        }

        var whole = await DecodeAsync(gzip);
        Assert.Equal(Lines.Length, whole.Events.Count);
    }

    [Fact]
    public async Task A_plain_text_gzip_cut_anywhere_fails_with_CorruptCompression()
    {
        var gzip = Gzip(Utf8(string.Concat(Enumerable.Range(0, 40).Select(i => $"plain text line {i} with some words\n"))));

        for (var cut = 2; cut < gzip.Length; cut++)
        {
            var failure = await FailAsync(gzip[..cut]);

            Assert.Equal(DecodeFailure.CorruptCompression, failure.Reason);
        }
    }

    [Fact]
    public async Task A_cut_inside_the_trailer_fails_as_truncated()
    {
        foreach (var gzip in new[] { Gzip(Utf8(string.Concat(Lines))), FlushedAfterEachLine(Lines).Gzip })
        {
            for (var missing = 1; missing <= 8; missing++)
            {
                var failure = await FailAsync(gzip[..^missing]);

                Assert.Equal(DecodeFailure.CorruptCompression, failure.Reason);
                Assert.StartsWith("Truncated gzip", failure.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_ndjson_gzip_cut_anywhere_fails_and_never_decodes_quietly()
    {
        var gzip = Gzip(Utf8(string.Concat(Lines)));

        for (var cut = 2; cut < gzip.Length; cut++)
        {
            var failure = await FailAsync(gzip[..cut]);

            Assert.Contains(failure.Reason, new[] { DecodeFailure.CorruptCompression, DecodeFailure.MalformedJson });
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Multi_member_files_decode_whole_and_fail_when_the_last_member_is_cut(int maxBytesPerRead)
    {
        var members = new[] { Lines[..3], Lines[3..4], Lines[4..9], Lines[9..] }
            .Select(part => Gzip(Utf8(string.Concat(part))))
            .ToArray();
        var file = members.SelectMany(m => m).ToArray();
        var withEmptyLast = file.Concat(Gzip(Array.Empty<byte>())).ToArray();

        Assert.Equal(Lines.Length, (await DecodeAsync(file, maxBytesPerRead: maxBytesPerRead)).Events.Count);
        Assert.Equal(Lines.Length, (await DecodeAsync(withEmptyLast, maxBytesPerRead: maxBytesPerRead)).Events.Count);

        var lastStart = file.Length - members[^1].Length;
        for (var cut = lastStart + 1; cut < file.Length; cut++)
        {
            var failure = await Assert.ThrowsAsync<VectorDecodeException>(() => DecodeAsync(file[..cut], maxBytesPerRead: maxBytesPerRead));

            Assert.Contains(failure.Reason, new[] { DecodeFailure.CorruptCompression, DecodeFailure.MalformedJson });
        }
    }

    [Fact]
    public async Task Bytes_after_the_last_member_fail_the_trailer_check()
    {
        var gzip = Gzip(Utf8(string.Concat(Lines)));

        foreach (var extra in new byte[][] { [0], [0, 0, 0, 1, 0, 0, 0, 0, 0], [0x1f, 0x8b], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0], Utf8("garbage after the end") })
        {
            var failure = await FailAsync([.. gzip, .. extra]);

            Assert.Equal(DecodeFailure.CorruptCompression, failure.Reason);
        }
    }

    [Fact]
    public async Task Eight_zero_bytes_after_complete_data_read_as_an_empty_last_member()
    {
        // The trailer of an empty member is all zeros (CRC-32 of nothing, size 0); zlib has verified every member before.
        var gzip = Gzip(Utf8(string.Concat(Lines)));

        var result = await DecodeAsync([.. gzip, 0, 0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(Lines.Length, result.Events.Count);
    }

    [Fact]
    public void The_size_field_is_compared_mod_2_to_the_32()
    {
        const long FiveGiB = 5L << 30;
        Assert.True(GzipTrailerCheck.SizeMatches(isize: (1u << 30) + 17, memberStart: 0, total: FiveGiB + 17));
        Assert.False(GzipTrailerCheck.SizeMatches(isize: 17, memberStart: 0, total: FiveGiB + 17));
        Assert.True(GzipTrailerCheck.SizeMatches(isize: 17, memberStart: FiveGiB, total: FiveGiB + 17));
        Assert.True(GzipTrailerCheck.SizeMatches(isize: 0, memberStart: 4L << 30, total: 8L << 30));
        Assert.True(GzipTrailerCheck.SizeMatches(isize: uint.MaxValue, memberStart: 1, total: 1L << 32));
    }

    [Fact]
    public void The_last_member_may_start_at_any_read_end_including_beyond_4_GiB()
    {
        const long Total = (6L << 30) + 1234;
        using var check = new GzipTrailerCheck();
        foreach (var end in new[] { 65_536L, 5L << 30, (5L << 30) + 100 })
        {
            check.ReadEnded(end);
        }

        Assert.Null(check.Verify(Trailer((uint)((1L << 30) + 1134)), 100_000, Total));
        Assert.Null(check.Verify(Trailer(unchecked((uint)(Total - 65_536))), 100_000, Total));
        Assert.Null(check.Verify(Trailer((uint)(Total % (1L << 32))), 100_000, Total));
        Assert.NotNull(check.Verify(Trailer((uint)((1L << 30) + 1135)), 100_000, Total));
        Assert.NotNull(check.Verify(Trailer(1234), 100_000, Total));
        Assert.NotNull(check.Verify(Trailer((uint)(Total % (1L << 32))), 19, Total));
    }

    [Fact]
    public void A_zero_size_field_matches_the_end_only_with_an_all_zero_trailer()
    {
        using var check = new GzipTrailerCheck();
        check.ReadEnded(100);
        check.ReadEnded(250);

        Assert.Null(check.Verify(new byte[8], 300, 250));
        Assert.NotNull(check.Verify([0x1f, 0x8b, 8, 0, 0, 0, 0, 0], 300, 250));
        Assert.Null(check.Verify(Trailer(150), 300, 250));
    }

    private static byte[] Trailer(uint isize)
    {
        var trailer = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer.AsSpan(4), isize);
        return trailer;
    }

    private static (byte[] Gzip, List<int> LineEnds) FlushedAfterEachLine(string[] lines)
    {
        var output = new MemoryStream();
        var lineEnds = new List<int>();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var line in lines)
            {
                gzip.Write(Encoding.UTF8.GetBytes(line));
                gzip.Flush();
                lineEnds.Add((int)output.Length);
            }
        }

        return (output.ToArray(), lineEnds);
    }
}
