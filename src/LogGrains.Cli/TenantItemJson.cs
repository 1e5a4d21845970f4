using System.Text.Json;
using LogGrains.Core.Tenants;
using LogGrains.Local;

namespace LogGrains.Cli;

/// <summary>
/// Tenant items as JSON. Reads both shapes an operator has at hand: DynamoDB's typed item (what
/// <c>aws dynamodb get-item</c> prints: <c>{"tenant_id":{"S":"acme"},"enabled":{"BOOL":true}}</c>) and the plain shape of
/// the local profile's <c>tenants.json</c> (<c>{"tenant_id":"acme","enabled":true}</c>). Writes the typed shape, so what
/// <c>tenants get --json</c> prints can be fed back to <c>tenants put</c>.
/// </summary>
internal static class TenantItemJson
{
    private static readonly HashSet<string> TypeTags = new(StringComparer.Ordinal) { "S", "N", "BOOL", "SS", "L", "M", "NULL" };

    /// <summary>Reads one item (a JSON object) or several (a JSON array of objects).</summary>
    /// <exception cref="JsonException">The text is not JSON or not an item; the message says where.</exception>
    public static IReadOnlyList<TenantItem> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => [ToItem(root, "the item")],
            JsonValueKind.Array => root.EnumerateArray().Select((e, i) => ToItem(e, $"item {i}")).ToList(),
            _ => throw new JsonException($"expected a tenant item (a JSON object) or an array of items, found a JSON {root.ValueKind}"),
        };
    }

    /// <summary>Writes an item in DynamoDB's typed shape, attributes in a stable order (keys first).</summary>
    public static void Write(Utf8JsonWriter json, TenantItem item)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(item);
        json.WriteStartObject();
        foreach (var (name, attribute) in Ordered(item))
        {
            json.WritePropertyName(name);
            WriteAttribute(json, attribute);
        }

        json.WriteEndObject();
    }

    /// <summary>The attributes with <c>tenant_id</c> and <c>type</c> first, then by name.</summary>
    public static IEnumerable<KeyValuePair<string, TenantAttribute>> Ordered(TenantItem item) =>
        item.OrderBy(a => a.Key == TenantAttributeNames.TenantId ? 0 : a.Key == TenantAttributeNames.Type ? 1 : 2)
            .ThenBy(a => a.Key, StringComparer.Ordinal);

    /// <summary>A short text of an attribute value for tables: strings bare, lists comma-separated.</summary>
    public static string Display(TenantAttribute attribute) => attribute.Kind switch
    {
        TenantAttributeKind.S or TenantAttributeKind.N => attribute.Text,
        TenantAttributeKind.Bool => attribute.Bool ? "true" : "false",
        TenantAttributeKind.SS => string.Join(",", attribute.Strings),
        TenantAttributeKind.L => string.Join(",", attribute.List.Select(Display)),
        TenantAttributeKind.M => "{" + string.Join(", ", attribute.Map.Select(m => $"{m.Key}: {Display(m.Value)}")) + "}",
        _ => "(null)",
    };

    private static TenantItem ToItem(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{what} is a JSON {element.ValueKind}, not an object");
        }

        var properties = element.EnumerateObject().ToList();
        var typed = properties.Count > 0 && properties.All(p => IsTyped(p.Value));
        try
        {
            return new TenantItem(properties.Select(p => KeyValuePair.Create(p.Name, typed ? FromTyped(p.Value, p.Name) : FromPlain(p.Value, p.Name))));
        }
        catch (ArgumentException e)
        {
            throw new JsonException($"{what}: {e.Message}", e);
        }
    }

    private static bool IsTyped(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        using var members = value.EnumerateObject();
        return members.MoveNext() && TypeTags.Contains(members.Current.Name) && !members.MoveNext();
    }

    private static TenantAttribute FromTyped(JsonElement value, string name)
    {
        if (!IsTyped(value))
        {
            throw new JsonException($"attribute '{name}' is not a typed DynamoDB value such as {{\"S\":\"…\"}}");
        }

        var member = value.EnumerateObject().First();
        var inner = member.Value;
        return member.Name switch
        {
            "S" when inner.ValueKind == JsonValueKind.String => TenantAttribute.S(inner.GetString()!),
            "N" when inner.ValueKind is JsonValueKind.String or JsonValueKind.Number =>
                TenantAttribute.N(inner.ValueKind == JsonValueKind.String ? inner.GetString()! : inner.GetRawText()),
            "BOOL" when inner.ValueKind is JsonValueKind.True or JsonValueKind.False => TenantAttribute.FromBool(inner.GetBoolean()),
            "NULL" => TenantAttribute.Null,
            "SS" when inner.ValueKind == JsonValueKind.Array && inner.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                TenantAttribute.SS(inner.EnumerateArray().Select(e => e.GetString()!)),
            "L" when inner.ValueKind == JsonValueKind.Array => TenantAttribute.L(inner.EnumerateArray().Select(e => FromTyped(e, name))),
            "M" when inner.ValueKind == JsonValueKind.Object =>
                TenantAttribute.M(inner.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, FromTyped(p.Value, $"{name}.{p.Name}")))),
            _ => throw new JsonException($"attribute '{name}': a {member.Name} value cannot be a JSON {inner.ValueKind}"),
        };
    }

    private static TenantAttribute FromPlain(JsonElement value, string name) => PlainTenantAttribute.Read(value, name);

    private static void WriteAttribute(Utf8JsonWriter json, TenantAttribute attribute)
    {
        json.WriteStartObject();
        switch (attribute.Kind)
        {
            case TenantAttributeKind.S:
                json.WriteString("S", attribute.Text);
                break;
            case TenantAttributeKind.N:
                json.WriteString("N", attribute.Text);
                break;
            case TenantAttributeKind.Bool:
                json.WriteBoolean("BOOL", attribute.Bool);
                break;
            case TenantAttributeKind.SS:
                json.WriteStartArray("SS");
                foreach (var member in attribute.Strings)
                {
                    json.WriteStringValue(member);
                }

                json.WriteEndArray();
                break;
            case TenantAttributeKind.L:
                json.WriteStartArray("L");
                foreach (var element in attribute.List)
                {
                    WriteAttribute(json, element);
                }

                json.WriteEndArray();
                break;
            case TenantAttributeKind.M:
                json.WriteStartObject("M");
                foreach (var (memberName, member) in attribute.Map)
                {
                    json.WritePropertyName(memberName);
                    WriteAttribute(json, member);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteBoolean("NULL", true);
                break;
        }

        json.WriteEndObject();
    }
}
