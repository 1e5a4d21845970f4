using System.Text;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>A generated file: records, how they are framed and compressed, and how the reader is fed.</summary>
internal sealed record DecodeCase(
    List<GeneratedRecord> Records,
    RecordFraming Framing,
    bool Gzipped,
    int GzipMembers,
    int ChunkSize,
    int MaxBytesPerRead,
    int LayoutSeed)
{
    public byte[] Content()
    {
        var random = new Random(LayoutSeed);
        var text = Framing switch
        {
            RecordFraming.ArraySingleLine => "[" + string.Join(",", Records.Select(r => r.ToJson(pretty: false))) + "]",
            RecordFraming.ArrayPretty => "[\n  " + string.Join(",\n  ", Records.Select(r => r.ToJson(pretty: true))) + "\n]\n",
            RecordFraming.Ndjson => string.Join(random.Next(2) == 0 ? "\n" : "\r\n", Records.Select(r => r.ToJson(pretty: false))) + (random.Next(2) == 0 ? "\n" : string.Empty),
            _ => ArrayLines(random),
        };
        var plain = Encoding.UTF8.GetBytes(text);
        if (!Gzipped)
        {
            return plain;
        }

        var cuts = Enumerable.Range(0, GzipMembers - 1).Select(_ => random.Next(plain.Length + 1)).Order().ToList();
        var members = new List<byte[]>();
        var previous = 0;
        foreach (var cut in cuts.Append(plain.Length))
        {
            members.Add(plain[previous..cut]);
            previous = cut;
        }

        return DecodeHarness.Gzip([.. members]);
    }

    public override string ToString() =>
        $"{Records.Count} records, {Framing}, gzip={Gzipped}x{GzipMembers}, chunk={ChunkSize}, read={MaxBytesPerRead}, layout={LayoutSeed}: {Encoding.UTF8.GetString((this with { Gzipped = false }).Content())}";

    private string ArrayLines(Random random)
    {
        var lines = new List<string>();
        for (var i = 0; i < Records.Count;)
        {
            var take = Math.Min(random.Next(1, 4), Records.Count - i);
            var group = Records.Skip(i).Take(take).Select(r => r.ToJson(pretty: false));
            lines.Add(take == 1 && random.Next(2) == 0 ? group.Single() : "[" + string.Join(",", group) + "]");
            i += take;
        }

        return string.Join("\n", lines) + "\n";
    }
}
