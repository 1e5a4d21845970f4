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
        written = 0;
        Append(text[..backslash], ref destination, ref written);
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

                Reserve(ref destination, written + 4);
                written += rune.EncodeToUtf8(destination.AsSpan(written));
            }
            else
            {
                // A table instead of a switch: JSON-in-JSON messages take this path every few bytes.
                var unescaped = SingleCharacterEscapes[kind];
                if (unescaped == 0)
                {
                    throw new JsonException($"A JSON string holds the invalid escape '\\{(char)kind}'.");
                }

                Reserve(ref destination, written + 1);
                destination[written++] = unescaped;
                i += 2;
            }

            if (!CopyToSpecial(text, ref i, ref destination, ref written))
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
    private static bool CopyToSpecial(ReadOnlySpan<byte> text, ref int i, ref byte[] destination, ref int written)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            while (text.Length - i >= Vector256<byte>.Count)
            {
                Reserve(ref destination, written + Vector256<byte>.Count);
                var v = Vector256.Create(text.Slice(i, Vector256<byte>.Count));
                var specials = Vector256.Equals(v, Vector256.Create((byte)'"'))
                    | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                    | Vector256.LessThan(v, Vector256.Create((byte)0x20));
                v.CopyTo(destination.AsSpan(written));
                var mask = specials.ExtractMostSignificantBits();
                if (mask != 0)
                {
                    var run = BitOperations.TrailingZeroCount(mask);
                    i += run;
                    written += run;
                    return true;
                }

                i += Vector256<byte>.Count;
                written += Vector256<byte>.Count;
            }
        }

        var next = text[i..].IndexOfAny(StringSpecials);
        if (next < 0)
        {
            return false;
        }

        Append(text.Slice(i, next), ref destination, ref written);
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

    private static void Append(ReadOnlySpan<byte> run, ref byte[] destination, ref int written)
    {
        Reserve(ref destination, written + run.Length);
        run.CopyTo(destination.AsSpan(written));
        written += run.Length;
    }

    // Called twice per escape: the check is inlined, the rare growth is not.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reserve(ref byte[] destination, int size)
    {
        if (destination.Length < size)
        {
            Grow(ref destination, size);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Grow(ref byte[] destination, int size)
    {
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(size, destination.Length * 2));
        destination.AsSpan().CopyTo(larger);
        if (destination.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(destination);
        }

        destination = larger;
    }
}
