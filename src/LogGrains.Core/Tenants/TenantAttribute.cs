using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LogGrains.Core.Tenants;

/// <summary>
/// One attribute value of a tenant item, mirroring DynamoDB's <c>S</c>, <c>N</c>, <c>BOOL</c>,
/// <c>SS</c>, <c>L</c> and <c>NULL</c> without depending on the AWS SDK.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A DynamoDB attribute value, not a .NET attribute; the name is the team's contract.")]
public sealed class TenantAttribute : IEquatable<TenantAttribute>
{
    private readonly string? _text;
    private readonly bool _bool;
    private readonly IReadOnlyList<string>? _strings;
    private readonly IReadOnlyList<TenantAttribute>? _list;
    private readonly IReadOnlyDictionary<string, TenantAttribute>? _map;

    private TenantAttribute(TenantAttributeKind kind, string? text = null, bool value = false, IReadOnlyList<string>? strings = null, IReadOnlyList<TenantAttribute>? list = null, IReadOnlyDictionary<string, TenantAttribute>? map = null)
    {
        Kind = kind;
        _text = text;
        _bool = value;
        _strings = strings;
        _list = list;
        _map = map;
    }

    /// <summary>The explicit null attribute.</summary>
    public static TenantAttribute Null { get; } = new(TenantAttributeKind.Null);

    /// <summary>The attribute's type.</summary>
    public TenantAttributeKind Kind { get; }

    /// <summary>The string of an <c>S</c> attribute, or the decimal text of an <c>N</c> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute is of another kind.</exception>
    public string Text => Kind is TenantAttributeKind.S or TenantAttributeKind.N ? _text! : throw WrongKind("S or N");

    /// <summary>The value of a <c>BOOL</c> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute is of another kind.</exception>
    public bool Bool => Kind == TenantAttributeKind.Bool ? _bool : throw WrongKind("BOOL");

    /// <summary>The members of an <c>SS</c> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute is of another kind.</exception>
    public IReadOnlyList<string> Strings => Kind == TenantAttributeKind.SS ? _strings! : throw WrongKind("SS");

    /// <summary>The elements of an <c>L</c> attribute.</summary>
    /// <exception cref="InvalidOperationException">The attribute is of another kind.</exception>
    public IReadOnlyList<TenantAttribute> List => Kind == TenantAttributeKind.L ? _list! : throw WrongKind("L");

    /// <summary>The members of an <c>M</c> attribute, by name.</summary>
    /// <exception cref="InvalidOperationException">The attribute is of another kind.</exception>
    public IReadOnlyDictionary<string, TenantAttribute> Map => Kind == TenantAttributeKind.M ? _map! : throw WrongKind("M");

    /// <summary>Creates an <c>S</c> attribute.</summary>
    /// <param name="value">The string.</param>
    /// <returns>The attribute.</returns>
    public static TenantAttribute S(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new TenantAttribute(TenantAttributeKind.S, text: value);
    }

    /// <summary>Creates an <c>N</c> attribute from its decimal text.</summary>
    /// <param name="value">The number as DynamoDB transmits it, e.g. <c>"42"</c> or <c>"1.5E3"</c>.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException">The text is not a number.</exception>
    public static TenantAttribute N(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) &&
            !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"N attribute value '{value}' is not a number.", nameof(value));
        }

        return new TenantAttribute(TenantAttributeKind.N, text: value);
    }

    /// <summary>Creates a <c>BOOL</c> attribute.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The attribute.</returns>
    public static TenantAttribute FromBool(bool value) => new(TenantAttributeKind.Bool, value: value);

    /// <summary>Creates an <c>SS</c> attribute.</summary>
    /// <param name="values">The members, in the order given.</param>
    /// <returns>The attribute.</returns>
    public static TenantAttribute SS(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var members = values.ToArray();
        if (members.Any(m => m is null))
        {
            throw new ArgumentException("SS attribute members must not be null.", nameof(values));
        }

        return new TenantAttribute(TenantAttributeKind.SS, strings: members);
    }

    /// <summary>Creates an <c>L</c> attribute.</summary>
    /// <param name="values">The elements.</param>
    /// <returns>The attribute.</returns>
    public static TenantAttribute L(IEnumerable<TenantAttribute> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var elements = values.ToArray();
        if (elements.Any(e => e is null))
        {
            throw new ArgumentException("L attribute elements must not be null.", nameof(values));
        }

        return new TenantAttribute(TenantAttributeKind.L, list: elements);
    }

    /// <summary>Creates an <c>M</c> attribute.</summary>
    /// <param name="members">The members by name; names are unique.</param>
    /// <returns>The attribute.</returns>
    /// <exception cref="ArgumentException">A member is null or a name repeats.</exception>
    public static TenantAttribute M(IEnumerable<KeyValuePair<string, TenantAttribute>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var map = new SortedDictionary<string, TenantAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in members)
        {
            if (value is null || !map.TryAdd(name, value))
            {
                throw new ArgumentException($"M attribute member '{name}' is null or repeated.", nameof(members));
            }
        }

        return new TenantAttribute(TenantAttributeKind.M, map: map);
    }

    /// <inheritdoc/>
    public bool Equals(TenantAttribute? other) =>
        other is not null && Kind == other.Kind && Kind switch
        {
            TenantAttributeKind.S or TenantAttributeKind.N => string.Equals(_text, other._text, StringComparison.Ordinal),
            TenantAttributeKind.Bool => _bool == other._bool,
            TenantAttributeKind.SS => _strings!.SequenceEqual(other._strings!, StringComparer.Ordinal),
            TenantAttributeKind.L => _list!.SequenceEqual(other._list!),
            TenantAttributeKind.M => _map!.Count == other._map!.Count
                && _map.All(m => other._map.TryGetValue(m.Key, out var value) && m.Value.Equals(value)),
            _ => true,
        };

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as TenantAttribute);

    /// <inheritdoc/>
    public override int GetHashCode() => Kind switch
    {
        TenantAttributeKind.S or TenantAttributeKind.N => HashCode.Combine(Kind, StringComparer.Ordinal.GetHashCode(_text!)),
        TenantAttributeKind.Bool => HashCode.Combine(Kind, _bool),
        TenantAttributeKind.SS => HashCode.Combine(Kind, _strings!.Count),
        TenantAttributeKind.L => HashCode.Combine(Kind, _list!.Count),
        TenantAttributeKind.M => HashCode.Combine(Kind, _map!.Count),
        _ => Kind.GetHashCode(),
    };

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        TenantAttributeKind.S => $"S:{_text}",
        TenantAttributeKind.N => $"N:{_text}",
        TenantAttributeKind.Bool => _bool ? "BOOL:true" : "BOOL:false",
        TenantAttributeKind.SS => $"SS:[{string.Join(", ", _strings!)}]",
        TenantAttributeKind.L => $"L:[{string.Join(", ", _list!)}]",
        TenantAttributeKind.M => $"M:{{{string.Join(", ", _map!.Select(m => $"{m.Key}={m.Value}"))}}}",
        _ => "NULL",
    };

    /// <summary>The DynamoDB name of this attribute's type, for error messages.</summary>
    /// <returns><c>S</c>, <c>N</c>, <c>BOOL</c>, <c>SS</c>, <c>L</c> or <c>NULL</c>.</returns>
    public string TypeName() => Kind switch
    {
        TenantAttributeKind.S => "S",
        TenantAttributeKind.N => "N",
        TenantAttributeKind.Bool => "BOOL",
        TenantAttributeKind.SS => "SS",
        TenantAttributeKind.L => "L",
        TenantAttributeKind.M => "M",
        _ => "NULL",
    };

    private InvalidOperationException WrongKind(string wanted) =>
        new($"The attribute is {TypeName()}, not {wanted}.");
}
