using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;

namespace LogGrains.Core.Decoding;

/// <summary>
/// Finds the end of a JSON string and unescapes its content into UTF-8 in the same pass. Much faster than scanning
/// first and then using <see cref="Utf8JsonReader.CopyString(Span{byte})"/> on the common case of messages that are
/// themselves JSON (many <c>\"</c>), and of messages with escaped emoji (<c>\uD83D\uDE80</c>).
/// </summary>
internal static class JsonUnescaper
{
    /// <summary>The bytes that end a run of plain string content: the quote, the backslash and the control characters.</summary>
    public static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\"\\"u8);

    /// <summary>The outcome of <see cref="UnescapeString"/> when the data ends before the string does.</summary>
    public const int Incomplete = -1;

    /// <summary>
    /// The outcome of <see cref="UnescapeString"/> for a <c>\u</c> surrogate escape that is not a high surrogate directly
    /// followed by a low one: the caller must handle the string another way.
    /// </summary>
    public const int LoneSurrogate = -2;

    /// <summary>
    /// Unescapes the string content <paramref name="text"/> (starting just after the opening quote) into
    /// <paramref name="destination"/>, which is grown from <see cref="ArrayPool{T}.Shared"/> when needed.
    /// </summary>
    /// <param name="text">The data after the opening quote; it may end before the string does.</param>
    /// <param name="backslash">The index in <paramref name="text"/> of the first backslash; everything before it is plain content.</param>
    /// <param name="destination">Receives the unescaped content from index 0.</param>
    /// <param name="written">The unescaped length.</param>
    /// <returns>The index of the closing quote in <paramref name="text"/>, <see cref="Incomplete"/> or <see cref="LoneSurrogate"/>.</returns>
    /// <exception cref="JsonException">An invalid escape or a raw control character.</exception>
    public static int UnescapeString(ReadOnlySpan<byte> text, int backslash, ref byte[] destination, out int written)
    {
        var target = new ArrayTarget(destination);
        var end = Unescape(text, backslash, ref target);
        destination = target.Destination;
        written = target.Written;
        return end;
    }

    /// <summary>
    /// Unescapes a whole string content that <see cref="MeasureString"/> has already checked, followed by its closing
    /// quote, into <paramref name="destination"/> (grown when needed); returns the unescaped length.
    /// </summary>
    public static int UnescapeMeasured(ReadOnlySpan<byte> escapedWithQuote, ref byte[] destination)
    {
        UnescapeString(escapedWithQuote, escapedWithQuote.IndexOf((byte)'\\'), ref destination, out var written);
        return written;
    }

    /// <summary>
    /// Checks the string content <paramref name="text"/> (starting just after the opening quote) exactly as
    /// <see cref="UnescapeString"/> does and measures its unescaped length, without writing it anywhere.
    /// </summary>
    /// <param name="text">The data after the opening quote; it may end before the string does.</param>
    /// <param name="backslash">The index in <paramref name="text"/> of the first backslash; everything before it is plain content.</param>
    /// <param name="unescapedLength">The length <see cref="UnescapeString"/> would write.</param>
    /// <param name="ascii">
    /// True when every byte of the string as written is ASCII (then it is valid UTF-8); false when some byte may not be
    /// (bytes just after the string can make it false, never true).
    /// </param>
    /// <returns>The index of the closing quote in <paramref name="text"/>, <see cref="Incomplete"/> or <see cref="LoneSurrogate"/>.</returns>
    /// <exception cref="JsonException">An invalid escape or a raw control character.</exception>
    public static int MeasureString(ReadOnlySpan<byte> text, int backslash, out int unescapedLength, out bool ascii)
    {
        if (JsonStringBlocks.TryMeasure(text, out var end, out unescapedLength, out ascii))
        {
            return end;
        }

        return MeasureEscapeByEscape(text, backslash, out unescapedLength, out ascii);
    }

    /// <summary>
    /// <see cref="MeasureString"/> without its 64-byte block path: one escape at a time, for every case.
    /// </summary>
    internal static int MeasureEscapeByEscape(ReadOnlySpan<byte> text, int backslash, out int unescapedLength, out bool ascii)
    {
        var target = default(CountTarget);
        var end = Unescape(text, backslash, ref target);
        unescapedLength = target.Written;
        ascii = !target.NonAscii;
        return end;
    }

    // The one loop behind both: specialized by the JIT for each target, so measuring costs no writes and unescaping no
    // interface calls.
    private static int Unescape<TTarget>(ReadOnlySpan<byte> text, int backslash, ref TTarget target)
        where TTarget : struct, IUnescapeTarget
    {
        target.Append(text[..backslash]);
        var i = backslash;
        while (true)
        {
            // text[i] is a backslash.
            if (i + 1 >= text.Length)
            {
                return Incomplete;
            }

            var kind = text[i + 1];
            if (kind == (byte)'u')
            {
                if (i + 6 > text.Length)
                {
                    return Incomplete;
                }

                var code = ParseHex4(text.Slice(i + 2, 4));
                i += 6;
                Rune rune;
                if (!char.IsSurrogate((char)code))
                {
                    rune = new Rune(code);
                }
                else if (char.IsHighSurrogate((char)code) && i + 6 <= text.Length && text[i] == (byte)'\\' && text[i + 1] == (byte)'u'
                    && ParseHex4(text.Slice(i + 2, 4)) is var low && char.IsLowSurrogate((char)low))
                {
                    rune = new Rune((char)code, (char)low);
                    i += 6;
                }
                else
                {
                    return LoneSurrogate;
                }

                target.AppendRune(rune);
            }
            else
            {
                // A table instead of a switch: JSON-in-JSON messages take this path every few bytes.
                var unescaped = SingleCharacterEscapes[kind];
                if (unescaped == 0)
                {
                    throw new JsonException($"A JSON string holds the invalid escape '\\{(char)kind}'.");
                }

                target.AppendByte(unescaped);
                i += 2;
            }

            if (!CopyToSpecial(text, ref i, ref target))
            {
                return Incomplete;
            }

            var special = text[i];
            if (special == (byte)'"')
            {
                return i;
            }

            if (special != (byte)'\\')
            {
                throw new JsonException("A JSON string holds a raw control character.");
            }
        }
    }

    // What each byte after a backslash stands for, for the one-character escapes; 0 for anything else ('u' is handled
    // before the table is consulted, every other byte is an invalid escape).
    private static ReadOnlySpan<byte> SingleCharacterEscapes =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, (byte)'"', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'/', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'\\', 0, 0, 0,
        0, 0, (byte)'\b', 0, 0, 0, (byte)'\f', 0, 0, 0, 0, 0, 0, 0, (byte)'\n', 0, 0, 0, (byte)'\r', 0, (byte)'\t', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    // Copies the plain content from text[i] up to the next quote, backslash or control character and leaves i on it;
    // false when the data ends first. Messages that are themselves JSON have an escape every few bytes, so instead of a
    // library search per run, 32 bytes are classified with one vector compare and stored whole into the destination
    // (only the bytes before the special count; the rest is overwritten by what follows).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CopyToSpecial<TTarget>(ReadOnlySpan<byte> text, ref int i, ref TTarget target)
        where TTarget : struct, IUnescapeTarget
    {
        if (Vector256.IsHardwareAccelerated)
        {
            while (text.Length - i >= Vector256<byte>.Count)
            {
                var v = Vector256.Create(text.Slice(i, Vector256<byte>.Count));
                var specials = Vector256.Equals(v, Vector256.Create((byte)'"'))
                    | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                    | Vector256.LessThan(v, Vector256.Create((byte)0x20));
                var mask = specials.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    var run = BitOperations.TrailingZeroCount(mask);
                    target.AppendBlock(v, run);
                    i += run;
                    return true;
                }

                target.AppendBlock(v, Vector256<byte>.Count);
                i += Vector256<byte>.Count;
            }
        }

        var next = text[i..].IndexOfAny(StringSpecials);
        if (next < 0)
        {
            return false;
        }

        target.Append(text.Slice(i, next));
        i += next;
        return true;
    }

    private static int ParseHex4(ReadOnlySpan<byte> hex)
    {
        if (!Utf8Parser.TryParse(hex, out ushort code, out var consumed, 'X') || consumed != 4)
        {
            throw new JsonException("A JSON string holds an invalid \\u escape.");
        }

        return code;
    }

    // Where unescaped content goes.
    private interface IUnescapeTarget
    {
        void Append(ReadOnlySpan<byte> run);

        void AppendByte(byte value);

        void AppendRune(Rune rune);

        // Takes the first `count` bytes of the block (a target may store all 32: the rest is overwritten by what follows).
        void AppendBlock(Vector256<byte> block, int count);
    }

    // Writes into a pooled array, growing it when needed.
    private struct ArrayTarget(byte[] destination) : IUnescapeTarget
    {
        public byte[] Destination = destination;
        public int Written;

        public void Append(ReadOnlySpan<byte> run)
        {
            Reserve(Written + run.Length);
            run.CopyTo(Destination.AsSpan(Written));
            Written += run.Length;
        }

        public void AppendByte(byte value)
        {
            Reserve(Written + 1);
            Destination[Written++] = value;
        }

        public void AppendRune(Rune rune)
        {
            Reserve(Written + 4);
            Written += rune.EncodeToUtf8(Destination.AsSpan(Written));
        }

        public void AppendBlock(Vector256<byte> block, int count)
        {
            Reserve(Written + Vector256<byte>.Count);
            block.CopyTo(Destination.AsSpan(Written));
            Written += count;
        }

        // Called twice per escape: the check is inlined, the rare growth is not.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Reserve(int size)
        {
            if (Destination.Length < size)
            {
                Grow(size);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private void Grow(int size)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, Destination.Length * 2));
            Destination.AsSpan().CopyTo(larger);
            if (Destination.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Destination);
            }

            Destination = larger;
        }
    }

    // Counts, and notes whether a byte of the written string (not of what escapes stand for) may be non-ASCII: the
    // caller can then skip the UTF-8 check of a string that is all ASCII, which most log lines are.
    private struct CountTarget : IUnescapeTarget
    {
        public int Written;
        public bool NonAscii;

        public void Append(ReadOnlySpan<byte> run)
        {
            Written += run.Length;
            NonAscii |= !System.Text.Ascii.IsValid(run);
        }

        public void AppendByte(byte value) => Written++;

        public void AppendRune(Rune rune) => Written += rune.Utf8SequenceLength;

        // The whole block is looked at, including bytes past `count` (content that follows, or bytes after the string):
        // that can only make NonAscii true without need, never hide a non-ASCII byte of the string.
        public void AppendBlock(Vector256<byte> block, int count)
        {
            Written += count;
            NonAscii |= block.ExtractMostSignificantBits() != 0;
        }
    }
}
