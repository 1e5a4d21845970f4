using System.Buffers;
using System.Text;

namespace LogGrains.Core.Tests.Batching;

/// <summary>An independent, slow reference for the expected pieces: whole code points, greedily, up to the piece limit.</summary>
internal static class Utf8Reference
{
    public static List<byte[]> Split(byte[] message, int maxPieceBytes)
    {
        var pieces = new List<byte[]>();
        var current = new List<byte>();
        var rest = message.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(rest, out _, out var consumed) != OperationStatus.Done)
            {
                throw new InvalidOperationException("The test generated invalid UTF-8.");
            }

            if (current.Count + consumed > maxPieceBytes)
            {
                pieces.Add([.. current]);
                current.Clear();
            }

            current.AddRange(rest[..consumed]);
            rest = rest[consumed..];
        }

        pieces.Add([.. current]);
        return pieces;
    }

    public static byte[] Repeat(string text, int times) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(text, times)));

    public static byte[] Ascii(int length) => Repeat("a", length);
}
