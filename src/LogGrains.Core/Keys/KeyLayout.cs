using System.Diagnostics.CodeAnalysis;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Keys;

/// <summary>
/// The layout of staged object keys: a <c>/</c>-separated template whose segments are either a
/// placeholder (<c>{customer_id}</c> or its alias <c>{tenant}</c>, <c>{cluster_id}</c>,
/// <c>{application}</c>, <c>{pod_name}</c>, <c>{file}</c>) or a literal that must match exactly.
/// </summary>
/// <remarks>
/// <para>A placeholder fills a whole segment. <c>{cluster_id}</c> is optional; the others are required.</para>
/// <para>
/// Parsing is strict and never guesses: a key that does not fit is rejected permanently
/// (defect 12: a malformed key or an empty tenant must not be retried forever).
/// The key given to <see cref="TryParse"/> must already be URL-decoded once (<see cref="S3KeyDecoding"/>).
/// </para>
/// </remarks>
public sealed class KeyLayout
{
    /// <summary>The default template, the collector's layout.</summary>
    public const string DefaultTemplate = "{customer_id}/{cluster_id}/{application}/{pod_name}/{file}";

    /// <summary>The longest segment accepted, in UTF-16 characters (S3 keys are at most 1,024 bytes in all).</summary>
    public const int MaxSegmentLength = 255;

    private static readonly Dictionary<string, KeyPart> Placeholders = new(StringComparer.Ordinal)
    {
        ["customer_id"] = KeyPart.Tenant,
        ["tenant"] = KeyPart.Tenant,
        ["cluster_id"] = KeyPart.ClusterId,
        ["application"] = KeyPart.Application,
        ["pod_name"] = KeyPart.PodName,
        ["file"] = KeyPart.File,
    };

    private static readonly KeyPart[] RequiredParts = [KeyPart.Tenant, KeyPart.Application, KeyPart.PodName, KeyPart.File];

    private readonly KeyPart[] _parts;
    private readonly string[] _names;

    private KeyLayout(string template, KeyPart[] parts, string[] names)
    {
        Template = template;
        _parts = parts;
        _names = names;
    }

    /// <summary>The layout built from <see cref="DefaultTemplate"/>.</summary>
    public static KeyLayout Default { get; } = Create(DefaultTemplate);

    /// <summary>The template this layout was built from.</summary>
    public string Template { get; }

    /// <summary>The number of segments every key must have.</summary>
    public int SegmentCount => _parts.Length;

    /// <summary>Builds a layout from a template, or throws when the template is not usable.</summary>
    /// <param name="template">The template, e.g. <c>{cluster_id}/{customer_id}/{application}/{pod_name}/{file}</c>.</param>
    /// <returns>The layout.</returns>
    /// <exception cref="ArgumentException">The template is refused; the message says why.</exception>
    public static KeyLayout Create(string template)
    {
        if (!TryCreate(template, out var layout, out var reason))
        {
            throw new ArgumentException($"Key layout template is refused: {reason}", nameof(template));
        }

        return layout;
    }

    /// <summary>Builds a layout from a template.</summary>
    /// <param name="template">The template.</param>
    /// <param name="layout">The layout when the template is usable.</param>
    /// <param name="reason">Why the template was refused, naming the segment or placeholder at fault.</param>
    /// <returns><see langword="true"/> when the template is usable.</returns>
    public static bool TryCreate(
        string? template,
        [NotNullWhen(true)] out KeyLayout? layout,
        [NotNullWhen(false)] out string? reason)
    {
        layout = null;
        if (string.IsNullOrWhiteSpace(template))
        {
            reason = "the template is empty";
            return false;
        }

        var segments = template.Split('/');
        var parts = new KeyPart[segments.Length];
        var names = new string[segments.Length];
        var seen = new Dictionary<KeyPart, string>();
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var position = i + 1;
            if (segment.Length >= 2 && segment[0] == '{' && segment[^1] == '}')
            {
                var name = segment[1..^1];
                if (!Placeholders.TryGetValue(name, out var part))
                {
                    reason = $"segment {position} '{segment}' is an unknown placeholder (known: {{{string.Join("}, {", Placeholders.Keys)}}})";
                    return false;
                }

                if (seen.TryGetValue(part, out var earlier))
                {
                    reason = $"segment {position} '{segment}' repeats the placeholder already given as '{{{earlier}}}'";
                    return false;
                }

                seen.Add(part, name);
                parts[i] = part;
                names[i] = name;
                continue;
            }

            if (segment.Contains('{', StringComparison.Ordinal) || segment.Contains('}', StringComparison.Ordinal))
            {
                reason = $"segment {position} '{segment}' mixes text and braces; a placeholder must fill a whole segment";
                return false;
            }

            if (string.IsNullOrWhiteSpace(segment) || segment is "." or "..")
            {
                reason = $"segment {position} '{segment}' is empty, blank, '.' or '..'";
                return false;
            }

            parts[i] = KeyPart.Literal;
            names[i] = segment;
        }

        var missing = RequiredParts.Where(p => !seen.ContainsKey(p)).Select(NameOf).ToList();
        if (missing.Count > 0)
        {
            reason = $"the template lacks the required placeholder(s) {string.Join(", ", missing)}";
            return false;
        }

        layout = new KeyLayout(template, parts, names);
        reason = null;
        return true;
    }

    /// <summary>Splits a decoded key into its parts, or says precisely why it does not fit this layout.</summary>
    /// <param name="decodedKey">The object key, URL-decoded exactly once.</param>
    /// <param name="key">The parts when the key fits.</param>
    /// <param name="rejection">The permanent rejection when it does not.</param>
    /// <returns><see langword="true"/> when the key fits the layout.</returns>
    public bool TryParse(
        string? decodedKey,
        [NotNullWhen(true)] out ObjectKey? key,
        [NotNullWhen(false)] out KeyRejection? rejection)
    {
        key = null;
        if (string.IsNullOrEmpty(decodedKey))
        {
            rejection = new KeyRejection(KeyRejectionReason.EmptySegment, "the key is empty");
            return false;
        }

        var segments = decodedKey.Split('/');
        if (segments.Length != _parts.Length)
        {
            rejection = new KeyRejection(
                KeyRejectionReason.WrongSegmentCount,
                $"the key has {segments.Length} segment(s) but the layout '{Template}' has {_parts.Length}");
            return false;
        }

        string tenant = "", clusterId = "", application = "", podName = "", file = "";
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var label = _parts[i] == KeyPart.Literal ? $"segment {i + 1} (literal '{_names[i]}')" : $"segment {i + 1} ({{{_names[i]}}})";
            var problem = CheckSegment(segment, label);
            if (problem is not null)
            {
                rejection = problem;
                return false;
            }

            switch (_parts[i])
            {
                case KeyPart.Literal when !string.Equals(segment, _names[i], StringComparison.Ordinal):
                    rejection = new KeyRejection(KeyRejectionReason.LiteralMismatch, $"{label} is '{segment}'");
                    return false;
                case KeyPart.Tenant when !TenantIdRule.IsValid(segment):
                    rejection = new KeyRejection(
                        KeyRejectionReason.InvalidTenantId,
                        $"{label} '{segment}' is not a valid tenant id (must match {TenantIdRule.Pattern})");
                    return false;
                case KeyPart.Tenant:
                    tenant = segment;
                    break;
                case KeyPart.ClusterId:
                    clusterId = segment;
                    break;
                case KeyPart.Application:
                    application = segment;
                    break;
                case KeyPart.PodName:
                    podName = segment;
                    break;
                case KeyPart.File:
                    file = segment;
                    break;
            }
        }

        key = new ObjectKey(tenant, clusterId, application, podName, file, decodedKey);
        rejection = null;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Template;

    private static KeyRejection? CheckSegment(string segment, string label)
    {
        if (string.IsNullOrWhiteSpace(segment))
        {
            return new KeyRejection(KeyRejectionReason.EmptySegment, $"{label} is empty or blank");
        }

        if (segment is "." or "..")
        {
            return new KeyRejection(KeyRejectionReason.DotSegment, $"{label} is '{segment}'");
        }

        if (segment.Length > MaxSegmentLength)
        {
            return new KeyRejection(
                KeyRejectionReason.SegmentTooLong,
                $"{label} is {segment.Length} characters long (at most {MaxSegmentLength})");
        }

        for (var j = 0; j < segment.Length; j++)
        {
            var c = segment[j];
            if (char.IsControl(c))
            {
                return new KeyRejection(
                    KeyRejectionReason.ControlCharacter,
                    $"{label} contains the control character U+{(int)c:X4} at offset {j}");
            }

            if (char.IsHighSurrogate(c) && j + 1 < segment.Length && char.IsLowSurrogate(segment[j + 1]))
            {
                j++;
            }
            else if (char.IsSurrogate(c))
            {
                return new KeyRejection(
                    KeyRejectionReason.InvalidCharacter,
                    $"{label} contains an unpaired surrogate U+{(int)c:X4} at offset {j}");
            }
        }

        return null;
    }

    private static string NameOf(KeyPart part) => part switch
    {
        KeyPart.Tenant => "{customer_id} (or {tenant})",
        KeyPart.ClusterId => "{cluster_id}",
        KeyPart.Application => "{application}",
        KeyPart.PodName => "{pod_name}",
        KeyPart.File => "{file}",
        _ => part.ToString(),
    };
}
