using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace LogGrains.Core.Keys;

/// <summary>
/// Decodes an object key as S3 writes it into event notifications: form-URL-encoded,
/// <c>+</c> for a space, <c>%XX</c> for UTF-8 bytes.
/// </summary>
/// <remarks>
/// The key is decoded exactly once: <c>%252F</c> becomes <c>%2F</c> and stays so. An invalid escape
/// or bytes that are not UTF-8 refuse the key instead of guessing what was meant.
/// </remarks>
public static class S3KeyDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes an event key once.</summary>
    /// <param name="eventKey">The key exactly as found in <c>s3.object.key</c> of the event.</param>
    /// <param name="decoded">The decoded key.</param>
    /// <param name="reason">Why the key could not be decoded, with the offset at fault.</param>
    /// <returns><see langword="true"/> when the key decoded.</returns>
    public static bool TryDecode(
        string? eventKey,
        [NotNullWhen(true)] out string? decoded,
        [NotNullWhen(false)] out string? reason)
    {
        decoded = null;
        if (string.IsNullOrEmpty(eventKey))
        {
            reason = "the object key is empty";
            return false;
        }

        var bytes = new List<byte>(eventKey.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < eventKey.Length; i++)
        {
            var c = eventKey[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%')
            {
                if (i + 2 >= eventKey.Length || !char.IsAsciiHexDigit(eventKey[i + 1]) || !char.IsAsciiHexDigit(eventKey[i + 2]))
                {
                    var escape = eventKey.AsSpan(i, Math.Min(3, eventKey.Length - i)).ToString();
                    reason = $"the object key has an invalid percent escape '{escape}' at offset {i}";
                    return false;
                }

                bytes.Add((byte)((HexValue(eventKey[i + 1]) << 4) | HexValue(eventKey[i + 2])));
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes.Add((byte)c);
            }
            else
            {
                Rune rune;
                if (char.IsHighSurrogate(c) && i + 1 < eventKey.Length && char.IsLowSurrogate(eventKey[i + 1]))
                {
                    rune = new Rune(c, eventKey[i + 1]);
                    i++;
                }
                else if (!Rune.TryCreate(c, out rune))
                {
                    reason = $"the object key has an unpaired surrogate U+{(int)c:X4} at offset {i}";
                    return false;
                }

                var written = rune.EncodeToUtf8(scratch);
                for (var b = 0; b < written; b++)
                {
                    bytes.Add(scratch[b]);
                }
            }
        }

        try
        {
            decoded = StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException ex)
        {
            reason = $"the object key's percent escapes are not valid UTF-8 (byte offset {ex.Index})";
            return false;
        }

        reason = null;
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
