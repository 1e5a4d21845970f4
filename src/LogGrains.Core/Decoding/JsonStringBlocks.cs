using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LogGrains.Core.Decoding;

/// <summary>
/// Measures a JSON string 64 bytes at a time: finds its closing quote and its unescaped length from bit masks, whatever
/// the number of escapes in the block. Messages that are themselves JSON hold an escape every few bytes, and the
/// escape-by-escape walk of <see cref="JsonUnescaper"/> restarts its scan after each one.
/// </summary>
/// <remarks>
/// Only the plain case is decided here: the closing quote is found, every escape is one of <c>\" \\ \/ \b \f \n \r \t</c>
/// and no control character is raw. Anything else (a <c>\u</c> escape, an invalid escape, a raw control character,
/// a string that does not end within the data, hardware without vector instructions) is left to the exact
/// escape-by-escape walk, which gives the same answers and throws the same errors. 512-, 256- and 128-bit vectors
/// (x64 with AVX-512, AVX2 or SSE2; Arm with Neon) all build the same 64-bit masks.
/// </remarks>
internal static class JsonStringBlocks
{
    private const ulong EvenBits = 0x5555_5555_5555_5555;
    private const ulong OddBits = 0xAAAA_AAAA_AAAA_AAAA;

    /// <summary>
    /// Measures the string content <paramref name="text"/> (starting just after the opening quote) when it is the plain
    /// case (see the remarks of the class).
    /// </summary>
    /// <param name="text">The data after the opening quote.</param>
    /// <param name="end">The index of the closing quote in <paramref name="text"/>.</param>
    /// <param name="unescapedLength">The content's length once unescaped.</param>
    /// <param name="ascii">True when every byte of the content as written is ASCII.</param>
    /// <returns>False when the string is not the plain case; the outputs are then meaningless.</returns>
    public static bool TryMeasure(ReadOnlySpan<byte> text, out int end, out int unescapedLength, out bool ascii)
    {
        end = 0;
        unescapedLength = 0;
        ascii = false;
        if (!Vector128.IsHardwareAccelerated)
        {
            return false;
        }

        var length = 0;
        var nonAscii = 0UL;
        var carry = 0UL;
        for (var offset = 0; offset + 64 <= text.Length; offset += 64)
        {
            var masks = Classify(text.Slice(offset, 64));

            // A backslash escapes the next byte unless it is escaped itself: in a run of backslashes, those at an even
            // distance from the run's start escape. carry: the previous block's last byte escapes this block's first.
            var backslashes = masks.Backslashes & ~carry;
            var starts = backslashes & ~(backslashes << 1);

            // Adding a run's start bit clears the run: the bits that clear are the runs that start on an even bit.
            var runsFromEven = backslashes & ~(backslashes + (starts & EvenBits));
            var escapers = (runsFromEven & EvenBits) | (backslashes & ~runsFromEven & OddBits);
            var escaped = (escapers << 1) | carry;
            carry = escapers >> 63;

            var quotes = masks.Quotes & ~escaped;
            var inside = quotes == 0 ? ulong.MaxValue : (1UL << BitOperations.TrailingZeroCount(quotes)) - 1;
            var escapedInside = escaped & inside;
            // After a backslash: a quote, a backslash, or one of the letters of a one-character escape.
            var simpleEscapes = masks.Quotes | masks.Backslashes | masks.EscapeLetters;
            if (((masks.Controls | (escapedInside & ~simpleEscapes)) & inside) != 0)
            {
                return false;
            }

            // Every escape is two bytes in the file and one unescaped; the second byte is the escaped one.
            length += BitOperations.PopCount(inside) - BitOperations.PopCount(escapedInside);
            nonAscii |= masks.NonAscii & inside;
            if (quotes != 0)
            {
                end = offset + BitOperations.TrailingZeroCount(quotes);
                unescapedLength = length;
                ascii = nonAscii == 0;
                return true;
            }
        }

        return false;
    }

    // Bit k of each mask is byte k of the block.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Quotes, ulong Backslashes, ulong Controls, ulong NonAscii, ulong EscapeLetters) Classify(ReadOnlySpan<byte> block)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.Create(block);
            return (
                Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits(),
                Vector512.LessThan(v, Vector512.Create((byte)0x20)).ExtractMostSignificantBits(),
                v.ExtractMostSignificantBits(),
                EscapeLetters(v).ExtractMostSignificantBits());
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var (q0, b0, c0, n0, s0) = Classify32(Vector256.Create(block[..32]));
            var (q1, b1, c1, n1, s1) = Classify32(Vector256.Create(block[32..]));
            return (q0 | ((ulong)q1 << 32), b0 | ((ulong)b1 << 32), c0 | ((ulong)c1 << 32), n0 | ((ulong)n1 << 32), s0 | ((ulong)s1 << 32));
        }

        // 128-bit vectors (Arm Neon, or x64 without AVX2): four parts.
        ulong quotes = 0, backslashes = 0, controls = 0, nonAscii = 0, letters = 0;
        for (var part = 0; part < 4; part++)
        {
            var v = Vector128.Create(block.Slice(part * 16, 16));
            var shift = part * 16;
            quotes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'"')).ExtractMostSignificantBits() << shift;
            backslashes |= (ulong)Vector128.Equals(v, Vector128.Create((byte)'\\')).ExtractMostSignificantBits() << shift;
            controls |= (ulong)Vector128.LessThan(v, Vector128.Create((byte)0x20)).ExtractMostSignificantBits() << shift;
            nonAscii |= (ulong)v.ExtractMostSignificantBits() << shift;
            letters |= (ulong)(Vector128.Equals(v, Vector128.Create((byte)'/')) | Vector128.Equals(v, Vector128.Create((byte)'b'))
                | Vector128.Equals(v, Vector128.Create((byte)'f')) | Vector128.Equals(v, Vector128.Create((byte)'n'))
                | Vector128.Equals(v, Vector128.Create((byte)'r')) | Vector128.Equals(v, Vector128.Create((byte)'t'))).ExtractMostSignificantBits() << shift;
        }

        return (quotes, backslashes, controls, nonAscii, letters);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Quotes, uint Backslashes, uint Controls, uint NonAscii, uint EscapeLetters) Classify32(Vector256<byte> v) => (
        Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits(),
        Vector256.Equals(v, Vector256.Create((byte)'\\')).ExtractMostSignificantBits(),
        Vector256.LessThan(v, Vector256.Create((byte)0x20)).ExtractMostSignificantBits(),
        v.ExtractMostSignificantBits(),
        (Vector256.Equals(v, Vector256.Create((byte)'/')) | Vector256.Equals(v, Vector256.Create((byte)'b'))
            | Vector256.Equals(v, Vector256.Create((byte)'f')) | Vector256.Equals(v, Vector256.Create((byte)'n'))
            | Vector256.Equals(v, Vector256.Create((byte)'r')) | Vector256.Equals(v, Vector256.Create((byte)'t'))).ExtractMostSignificantBits());

    // The bytes other than a quote and a backslash that may follow a backslash in a one-character escape.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> EscapeLetters(Vector512<byte> v) =>
        Vector512.Equals(v, Vector512.Create((byte)'/')) | Vector512.Equals(v, Vector512.Create((byte)'b'))
        | Vector512.Equals(v, Vector512.Create((byte)'f')) | Vector512.Equals(v, Vector512.Create((byte)'n'))
        | Vector512.Equals(v, Vector512.Create((byte)'r')) | Vector512.Equals(v, Vector512.Create((byte)'t'));
}
