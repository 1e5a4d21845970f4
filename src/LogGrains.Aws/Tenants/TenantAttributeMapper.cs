using Amazon.DynamoDBv2.Model;
using LogGrains.Core.Tenants;

namespace LogGrains.Aws.Tenants;

/// <summary>Maps DynamoDB attribute values to <see cref="TenantAttribute"/> and back.</summary>
/// <remarks>
/// Types a tenant item never legitimately holds (<c>NS</c>, <c>B</c>, <c>BS</c>) are not dropped, which
/// could silently turn a field into its default (for instance <c>desired_logs</c> into "all applications"). They
/// become <see cref="Unsupported"/>, an <c>L</c> holding one <c>NULL</c>, which <see cref="TenantConfigParser"/>
/// rejects in every field it reads, so the item is invalid with a reason naming the field; the store logs the
/// actual DynamoDB type. Attributes the parser does not read are unaffected.
/// </remarks>
internal static class TenantAttributeMapper
{
    public static TenantAttribute Unsupported { get; } = TenantAttribute.L([TenantAttribute.Null]);

    /// <summary>Maps one value; <paramref name="unsupportedType"/> names the DynamoDB type when it had to be replaced.</summary>
    public static TenantAttribute FromDynamoDb(AttributeValue value, out string? unsupportedType)
    {
        ArgumentNullException.ThrowIfNull(value);
        unsupportedType = null;
        if (value.S is not null)
        {
            return TenantAttribute.S(value.S);
        }

        if (value.N is not null)
        {
            return TenantAttribute.N(value.N);
        }

        if (value.BOOL is { } flag)
        {
            return TenantAttribute.FromBool(flag);
        }

        if (value.NULL is true)
        {
            return TenantAttribute.Null;
        }

        if (value.SS is not null)
        {
            return TenantAttribute.SS(value.SS);
        }

        if (value.L is not null)
        {
            var elements = new List<TenantAttribute>(value.L.Count);
            foreach (var element in value.L)
            {
                var mapped = FromDynamoDb(element, out var elementType);
                unsupportedType ??= elementType is null ? null : $"L of {elementType}";
                elements.Add(elementType is null ? mapped : TenantAttribute.Null);
            }

            return TenantAttribute.L(elements);
        }

        if (value.M is { Count: > 0 } || value.IsMSet)
        {
            var members = new List<KeyValuePair<string, TenantAttribute>>(value.M?.Count ?? 0);
            foreach (var (name, member) in value.M ?? [])
            {
                var mapped = FromDynamoDb(member, out var memberType);
                unsupportedType ??= memberType is null ? null : $"M of {memberType}";
                members.Add(KeyValuePair.Create(name, memberType is null ? mapped : TenantAttribute.Null));
            }

            return TenantAttribute.M(members);
        }

        unsupportedType = value.NS is not null ? "NS"
            : value.BS is not null ? "BS"
            : value.B is not null ? "B"
            : "(no type)";
        return Unsupported;
    }

    public static AttributeValue ToDynamoDb(TenantAttribute attribute)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        return attribute.Kind switch
        {
            TenantAttributeKind.S => new AttributeValue { S = attribute.Text },
            TenantAttributeKind.N => new AttributeValue { N = attribute.Text },
            TenantAttributeKind.Bool => new AttributeValue { BOOL = attribute.Bool },
            TenantAttributeKind.SS => new AttributeValue { SS = [.. attribute.Strings] },
            TenantAttributeKind.L => new AttributeValue { L = [.. attribute.List.Select(ToDynamoDb)] },
            TenantAttributeKind.M => new AttributeValue { M = attribute.Map.ToDictionary(m => m.Key, m => ToDynamoDb(m.Value), StringComparer.Ordinal) },
            _ => new AttributeValue { NULL = true },
        };
    }
}
