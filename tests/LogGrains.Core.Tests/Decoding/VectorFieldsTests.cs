using System.Text;
using LogGrains.Core.Decoding;

namespace LogGrains.Core.Tests.Decoding;

public sealed class VectorFieldsTests
{
    private static readonly (string Name, FieldKind Kind)[] Known =
    [
        ("file", FieldKind.Metadata), ("stream", FieldKind.Metadata), ("message", FieldKind.Message),
        ("pod_name", FieldKind.Metadata), ("timestamp", FieldKind.Timestamp), ("namespace", FieldKind.Metadata),
        ("kubernetes", FieldKind.Metadata), ("cluster_id", FieldKind.Metadata), ("customer_id", FieldKind.Metadata),
        ("application", FieldKind.Metadata), ("source_type", FieldKind.Metadata), ("ingest_timestamp", FieldKind.Metadata),
    ];

    [Fact]
    public void Every_known_name_is_classified_and_every_one_byte_change_of_it_is_not()
    {
        foreach (var (name, kind) in Known)
        {
            var bytes = Encoding.UTF8.GetBytes(name);
            Assert.Equal(kind, VectorFields.Classify(bytes));
            for (var at = 0; at < bytes.Length; at++)
            {
                foreach (var delta in new[] { 1, 0x20, 0x80 })
                {
                    var changed = (byte[])bytes.Clone();
                    changed[at] ^= (byte)delta;
                    Assert.Equal(FieldKind.Other, VectorFields.Classify(changed));
                }
            }

            Assert.Equal(FieldKind.Other, VectorFields.Classify(bytes.AsSpan(1)));
            Assert.Equal(FieldKind.Other, VectorFields.Classify(bytes.AsSpan(0, bytes.Length - 1)));
            Assert.Equal(FieldKind.Other, VectorFields.Classify(Encoding.UTF8.GetBytes(name + "x")));
        }

        Assert.Equal(FieldKind.Other, VectorFields.Classify([]));
        Assert.Equal(FieldKind.Other, VectorFields.Classify("msg"u8));
        Assert.Equal(FieldKind.Other, VectorFields.Classify("Message"u8));
    }
}
