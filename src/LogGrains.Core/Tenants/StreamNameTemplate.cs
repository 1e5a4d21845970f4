using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using LogGrains.Core.Keys;

namespace LogGrains.Core.Tenants;

/// <summary>
/// How an object's CloudWatch log stream is named: literal text and the placeholders
/// <c>{application}</c>, <c>{pod_name}</c>, <c>{cluster_id}</c>, <c>{tenant}</c> (alias <c>{customer_id}</c>)
/// and <c>{date}</c> (the UTC date, <c>yyyy-MM-dd</c>, of the object's event time, <see cref="ObjectEventTime"/>).
/// Default <c>{application}-{pod_name}-{date}</c>, the seed's format.
/// </summary>
/// <remarks>
/// The produced name is checked against CloudWatch's rule (1-512 characters, no <c>:</c> or <c>*</c>):
/// a key whose parts would produce an invalid name is refused with the reason, never altered.
/// </remarks>
public sealed class StreamNameTemplate
{
    /// <summary>The default template.</summary>
    public const string DefaultTemplate = "{application}-{pod_name}-{date}";

    private static readonly string[] Known = ["application", "pod_name", "cluster_id", "tenant", "customer_id", "date"];

    private readonly (string Text, bool IsPlaceholder)[] _pieces;

    private StreamNameTemplate(string template, (string, bool)[] pieces)
    {
        Template = template;
        _pieces = pieces;
    }

    /// <summary>The template built from <see cref="DefaultTemplate"/>.</summary>
    public static StreamNameTemplate Default { get; } = Create(DefaultTemplate);

    /// <summary>The template text.</summary>
    public string Template { get; }

    /// <summary>Builds a template, or throws when it is not usable.</summary>
    /// <param name="template">The template text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="ArgumentException">The template is refused; the message says why.</exception>
    public static StreamNameTemplate Create(string template)
    {
        if (!TryCreate(template, out var result, out var reason))
        {
            throw new ArgumentException($"Stream name template is refused: {reason}", nameof(template));
        }

        return result;
    }

    /// <summary>Builds a template.</summary>
    /// <param name="template">The template text.</param>
    /// <param name="result">The template when usable.</param>
    /// <param name="reason">Why it was refused, naming the placeholder or character at fault.</param>
    /// <returns><see langword="true"/> when the template is usable.</returns>
    public static bool TryCreate(
        string? template,
        [NotNullWhen(true)] out StreamNameTemplate? result,
        [NotNullWhen(false)] out string? reason)
    {
        result = null;
        if (string.IsNullOrEmpty(template))
        {
            reason = "the template is empty";
            return false;
        }

        var pieces = new List<(string, bool)>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var literal = open < 0 ? template[i..] : template[i..open];
            if (literal.Length > 0)
            {
                var bad = literal.AsSpan().IndexOfAny(":*}");
                if (bad >= 0 || literal.Any(char.IsControl))
                {
                    reason = $"the literal text '{literal}' contains a character not allowed in a stream name (':', '*', '}}' or a control character)";
                    return false;
                }

                pieces.Add((literal, false));
            }

            if (open < 0)
            {
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                reason = $"the '{{' at offset {open} is not closed";
                return false;
            }

            var name = template[(open + 1)..close];
            if (!Known.Contains(name, StringComparer.Ordinal))
            {
                reason = $"'{{{name}}}' is an unknown placeholder (known: {{{string.Join("}, {", Known)}}})";
                return false;
            }

            pieces.Add((name == "customer_id" ? "tenant" : name, true));
            i = close + 1;
        }

        result = new StreamNameTemplate(template, [.. pieces]);
        reason = null;
        return true;
    }

    /// <summary>What <c>{date}</c> becomes for an object: the UTC date of its event time, <c>yyyy-MM-dd</c>.</summary>
    /// <param name="eventTime">The object's event time (<see cref="ObjectEventTime"/>).</param>
    /// <returns>The date.</returns>
    public static string DateOf(DateTimeOffset eventTime) => eventTime.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Produces the stream name for an object.</summary>
    /// <param name="key">The object's parsed key.</param>
    /// <param name="eventTime">The object's event time (<see cref="ObjectEventTime"/>); its UTC date fills <c>{date}</c>.</param>
    /// <param name="streamName">The stream name when valid.</param>
    /// <param name="reason">Why no valid name can be produced, naming the object key.</param>
    /// <returns><see langword="true"/> when the name is a valid CloudWatch stream name.</returns>
    public bool TryFormat(
        ObjectKey key,
        DateTimeOffset eventTime,
        [NotNullWhen(true)] out string? streamName,
        [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new StringBuilder();
        foreach (var (text, isPlaceholder) in _pieces)
        {
            builder.Append(!isPlaceholder ? text : text switch
            {
                "application" => key.Application,
                "pod_name" => key.PodName,
                "cluster_id" => key.ClusterId,
                "tenant" => key.Tenant,
                _ => DateOf(eventTime),
            });
        }

        var name = builder.ToString();
        if (!LogStreamName.IsValid(name, out var problem))
        {
            streamName = null;
            reason = $"object '{key.Key}' gives no valid log stream name with template '{Template}': {problem}";
            return false;
        }

        streamName = name;
        reason = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Template;
}
