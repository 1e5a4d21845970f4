using System.Buffers;

namespace LogGrains.Core.Content;

/// <summary>
/// The working buffers of one user of a <see cref="ContentRules"/> (a rule set is shared across threads, its scratch
/// is not): the matches found, the UTF-16 text regular expressions run on, and the redacted output. Pooled.
/// </summary>
internal sealed class ContentScratch : IDisposable
{
    private char[] _chars = [];
    private char[] _charsOut = [];
    private byte[] _bytes = [];

    public List<RuleMatch> Matches { get; } = new(4);

    /// <summary>A buffer of at least <paramref name="length"/> chars.</summary>
    public char[] Chars(int length) => Ensure(ref _chars, length);

    /// <summary>A second buffer of at least <paramref name="length"/> chars, for rewriting <see cref="Chars"/>.</summary>
    public char[] CharsOut(int length) => Ensure(ref _charsOut, length);

    /// <summary>A buffer of at least <paramref name="length"/> bytes.</summary>
    public byte[] Bytes(int length) => Ensure(ref _bytes, length);

    /// <summary>Swaps the two char buffers, so that the rewritten text becomes the input of the next rule.</summary>
    public void SwapChars() => (_chars, _charsOut) = (_charsOut, _chars);

    public void Dispose()
    {
        Return(ref _chars);
        Return(ref _charsOut);
        Return(ref _bytes);
    }

    private static T[] Ensure<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            var old = buffer;
            buffer = ArrayPool<T>.Shared.Rent(Math.Max(length, 256));
            if (old.Length > 0)
            {
                ArrayPool<T>.Shared.Return(old);
            }
        }

        return buffer;
    }

    private static void Return<T>(ref T[] buffer)
    {
        var old = buffer;
        buffer = [];
        if (old.Length > 0)
        {
            ArrayPool<T>.Shared.Return(old);
        }
    }
}
