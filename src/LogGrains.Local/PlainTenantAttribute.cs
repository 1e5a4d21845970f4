using System.Text.Json;
using LogGrains.Core.Tenants;

namespace LogGrains.Local;

/// <summary>
/// An attribute value in the plain shape of <c>tenants.json</c>: string → S, bool → BOOL, number → N, array → L,
/// null → NULL, object → M. The local store reads its file with it and the CLI reads an operator's plain items with it, so that
/// both accept exactly the same things.
/// </summary>
internal static class PlainTenantAttribute
{
    /// <summary>Reads one value of attribute <paramref name="name"/>.</summary>
    public static TenantAttribute Read(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.String => TenantAttribute.S(value.GetString()!),
        JsonValueKind.True => TenantAttribute.FromBool(true),
        JsonValueKind.False => TenantAttribute.FromBool(false),
        JsonValueKind.Number => TenantAttribute.N(value.GetRawText()),
        JsonValueKind.Null => TenantAttribute.Null,
        JsonValueKind.Array => TenantAttribute.L(value.EnumerateArray().Select(v => Read(v, name))),
        _ => TenantAttribute.M(value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, Read(p.Value, $"{name}.{p.Name}")))),
    };
}
