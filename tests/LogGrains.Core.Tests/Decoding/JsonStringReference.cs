using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LogGrains.Core.Tests.Decoding;

/// <summary>What the tests of JSON string handling share: the escapes to generate, and System.Text.Json as the reference.</summary>
internal static class JsonStringReference
{
    /// <summary>Every one-character escape JSON has.</summary>
    public static readonly string[] SimpleEscapes = ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"];

    /// <summary>The <c>\u</c> escape of a UTF-16 code unit, in upper or lower case hex.</summary>
    public static string Hex(int c, bool upper) => "\\u" + c.ToString(upper ? "X4" : "x4", CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 bytes that System.Text.Json reads from the string content <paramref name="content"/>.</summary>
    public static byte[] Unescape(string content)
    {
        var quoted = Encoding.UTF8.GetBytes($"\"{content}\"");
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        var buffer = new byte[quoted.Length];
        return buffer[..reader.CopyString(buffer)];
    }
}
