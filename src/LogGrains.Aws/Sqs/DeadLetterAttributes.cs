using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Sqs;

/// <summary>
/// The message attributes written on a dead-letter copy. SQS refuses the whole send for an empty attribute value
/// or a character outside the XML character set, and a poison key may hold control characters: a refused send
/// would leave the message cycling on the source queue, so values are made acceptable instead.
/// </summary>
internal static class DeadLetterAttributes
{
    public const string Reason = "loggrains-reason";
    public const string ErrorClass = "loggrains-error-class";
    public const string Tenant = "loggrains-tenant";
    public const string ObjectKey = "loggrains-object-key";
    public const string SourceMessageId = "loggrains-source-message-id";
    public const string ReceiveCount = "loggrains-receive-count";

    /// <summary>Long enough for a service's error message with context; the body plus attributes must stay under 256 KiB.</summary>
    public const int MaxReasonLength = 2048;

    /// <summary>An S3 key is at most 1,024 UTF-8 bytes, so this never cuts a real key.</summary>
    public const int MaxValueLength = 1024;

    public static Dictionary<string, MessageAttributeValue> For(SourceMessage message, DeadLetter deadLetter)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal);
        AddString(attributes, Reason, deadLetter.Reason, MaxReasonLength);
        AddString(attributes, ErrorClass, deadLetter.ErrorClass.ToString(), MaxValueLength);
        AddString(attributes, Tenant, deadLetter.Tenant, MaxValueLength);
        AddString(attributes, ObjectKey, deadLetter.ObjectKey, MaxValueLength);
        AddString(attributes, SourceMessageId, message.MessageId, MaxValueLength);
        if (message.ApproximateReceiveCount > 0)
        {
            attributes[ReceiveCount] = new MessageAttributeValue
            {
                DataType = "Number",
                StringValue = message.ApproximateReceiveCount.ToString(CultureInfo.InvariantCulture),
            };
        }

        return attributes;
    }

    /// <summary>Replaces characters SQS refuses with U+FFFD and cuts to <paramref name="maxLength"/> without splitting a surrogate pair.</summary>
    public static string Sanitize(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        var truncated = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            var width = pair ? 2 : 1;
            if (builder.Length + width > maxLength - 1 && i + width < value.Length)
            {
                truncated = true;
                break;
            }

            if (pair)
            {
                builder.Append(c).Append(value[i + 1]);
                i++;
            }
            else
            {
                builder.Append(IsAllowed(c) ? c : '\uFFFD');
            }
        }

        if (truncated)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    private static void AddString(Dictionary<string, MessageAttributeValue> attributes, string name, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        attributes[name] = new MessageAttributeValue { DataType = "String", StringValue = Sanitize(value, maxLength) };
    }

    private static bool IsAllowed(char c) =>
        c is '\t' or '\n' or '\r' or (>= '\u0020' and <= '\uD7FF') or (>= '\uE000' and <= '\uFFFD');
}
