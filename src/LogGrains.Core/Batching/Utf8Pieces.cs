namespace LogGrains.Core.Batching;

/// <summary>Cuts valid UTF-8 text into pieces of bounded size at code point boundaries.</summary>
internal static class Utf8Pieces
{
    /// <summary>
    /// The length of the next piece of <paramref name="remaining"/>: all of it when it fits,
    /// otherwise the longest prefix of at most <paramref name="maxPieceBytes"/> bytes that ends on a code point boundary.
    /// </summary>
    /// <remarks>
    /// Depends only on the bytes and the bound, so the same message always splits the same way
    /// (checkpoints rely on that). <paramref name="maxPieceBytes"/> must be at least 4 and the text valid UTF-8,
    /// which guarantees a boundary within the last 3 bytes of the window.
    /// </remarks>
    public static int NextLength(ReadOnlySpan<byte> remaining, int maxPieceBytes)
    {
        if (remaining.Length <= maxPieceBytes)
        {
            return remaining.Length;
        }

        var cut = maxPieceBytes;
        while ((remaining[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return cut;
    }
}
