using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Core.Tenants;

/// <summary>
/// One item of the tenant table (attribute name to value), the shape a DynamoDB <c>GetItem</c>/<c>Query</c>
/// returns, without AWS types. Attribute names are case-sensitive, as in DynamoDB.
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "A DynamoDB item; the name is the team's contract.")]
public sealed class TenantItem : IReadOnlyDictionary<string, TenantAttribute>
{
    private readonly Dictionary<string, TenantAttribute> _attributes;

    /// <summary>Creates an item from attributes.</summary>
    /// <param name="attributes">The attributes; names must be distinct and values non-null.</param>
    /// <exception cref="ArgumentException">A name is repeated or a value is null.</exception>
    public TenantItem(IEnumerable<KeyValuePair<string, TenantAttribute>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        _attributes = new Dictionary<string, TenantAttribute>(StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            if (value is null)
            {
                throw new ArgumentException($"Tenant item attribute '{name}' has a null value.", nameof(attributes));
            }

            if (!_attributes.TryAdd(name, value))
            {
                throw new ArgumentException($"Tenant item attribute '{name}' is given twice.", nameof(attributes));
            }
        }
    }

    /// <inheritdoc/>
    public int Count => _attributes.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _attributes.Keys;

    /// <inheritdoc/>
    public IEnumerable<TenantAttribute> Values => _attributes.Values;

    /// <inheritdoc/>
    public TenantAttribute this[string key] => _attributes[key];

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _attributes.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TenantAttribute value) => _attributes.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, TenantAttribute>> GetEnumerator() => _attributes.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() =>
        "{" + string.Join(", ", _attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")) + "}";
}
