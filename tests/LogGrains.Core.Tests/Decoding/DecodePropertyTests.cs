using System.Text;
using CsCheck;
using LogGrains.Core.Decoding;
using static LogGrains.Core.Tests.Decoding.DecodeHarness;

namespace LogGrains.Core.Tests.Decoding;

public sealed class DecodePropertyTests
{
    private static readonly string[] Pieces = ["a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\u0001", "\u001f", "<", ">", "&", "é", "ß", "€", "中", "😀", "{\"k\":1}", "\u2028"];

    private static readonly Gen<string> Piece = Gen.Frequency(
        (3, Gen.Int[0, Pieces.Length - 1].Select(i => Pieces[i])),
        (1, Gen.Int[0x20, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(c => new Rune(c).ToString())));

    private static readonly Gen<string> Message = Gen.Frequency(
        (1, Gen.Const(string.Empty)),
        (12, Piece.Array[1, 40].Select(parts => string.Concat(parts))));

    private static readonly Gen<GeneratedRecord> Record = Gen.Select(
        Message,
        Gen.Enum<TimestampForm>(),
        Gen.Long[946_684_800_000, 4_102_444_800_000],
        Gen.Int[0, 999_999],
        Gen.Int[-(14 * 60), 14 * 60],
        Gen.Int[0, 1_000_000],
        (message, form, ms, nanos, offset, seed) => new GeneratedRecord(message, form, ms, nanos, offset, seed));

    private static readonly Gen<DecodeCase> Case = Gen.Select(
        Record.List[1, 25],
        Gen.Enum<RecordFraming>(),
        Gen.Bool,
        Gen.Int[1, 3],
        Gen.Frequency((1, Gen.Int[1, 16]), (3, Gen.Int[17, 4096])),
        Gen.Frequency((1, Gen.Int[1, 3]), (3, Gen.Int[4, 5000])),
        Gen.Int[0, 1_000_000],
        (records, framing, gzip, members, chunk, read, layout) => new DecodeCase(records, framing, gzip, members, chunk, read, layout));

    [Fact]
    public async Task Random_records_in_any_framing_compression_and_chunking_decode_to_exactly_the_expected_events()
    {
        await Case.SampleAsync(
            async c =>
            {
                var expected = c.Records.Where(r => !r.IsEmpty).Select(r => r.Expected(FallbackMs)).ToList();

                var result = await DecodeAsync(c.Content(), new DecodeOptions { ChunkSize = c.ChunkSize }, c.MaxBytesPerRead);

                Assert.Equal(expected, result.Events);
                Assert.Equal(c.Records.Count(r => r.IsEmpty), result.Stats.EmptySkipped);
                Assert.Equal(c.Records.Count(r => !r.IsEmpty && r.Form is TimestampForm.Missing or TimestampForm.Garbage), result.Stats.TimestampFallbacks);
                Assert.Equal(c.Gzipped, result.Stats.IsGzip);
                Assert.Equal(0, result.Stats.NonJsonLines);
            },
            iter: 400,
            threads: 1,
            print: c => c.ToString());
    }
}
