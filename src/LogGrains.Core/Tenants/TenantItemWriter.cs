using LogGrains.Core.Content;

namespace LogGrains.Core.Tenants;

/// <summary>
/// Writes a <see cref="TenantConfig"/> as a tenant item (for the CLI's put). Every resolved value is
/// written explicitly, including the region and external id, so the stored item does not change
/// meaning if the cluster's defaults change.
/// </summary>
public static class TenantItemWriter
{
    /// <summary>Writes a configuration as an item, refusing one that would not parse back as valid.</summary>
    /// <param name="config">The configuration.</param>
    /// <returns>The item, with the <c>type</c> sort key set.</returns>
    /// <exception cref="ArgumentException">The configuration is invalid; the message lists every reason.</exception>
    public static TenantItem Write(TenantConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var attributes = new Dictionary<string, TenantAttribute>(StringComparer.Ordinal)
        {
            [TenantAttributeNames.TenantId] = TenantAttribute.S(config.TenantId),
            [TenantAttributeNames.Type] = TenantAttribute.S(TenantConfigParser.TypeText(config.Type)),
            [TenantAttributeNames.Enabled] = TenantAttribute.FromBool(config.Enabled),
            [TenantAttributeNames.RoleArn] = TenantAttribute.S(config.LogDistributionRoleArn ?? ""),
            [TenantAttributeNames.ExternalId] = TenantAttribute.S(config.ExternalId ?? ""),
            [TenantAttributeNames.TargetRegion] = TenantAttribute.S(config.TargetRegion ?? ""),
            [TenantAttributeNames.Weight] = TenantAttribute.N(config.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

        if (config.DesiredLogs is { AllowsAll: false } filter)
        {
            attributes[TenantAttributeNames.DesiredLogs] = TenantAttribute.L(filter.Applications.Select(TenantAttribute.S));
        }

        if (config.Content is { IsEmpty: false } content)
        {
            WriteContentRules(attributes, content);
        }

        if (config.Type == DeliveryType.CloudWatch)
        {
            attributes[TenantAttributeNames.LogGroupName] = TenantAttribute.S(config.LogGroupName ?? "");
        }
        else
        {
            attributes[TenantAttributeNames.BucketName] = TenantAttribute.S(config.BucketName ?? "");
            attributes[TenantAttributeNames.BucketPrefix] = TenantAttribute.S(config.BucketPrefix ?? "");
        }

        var item = new TenantItem(attributes);
        if (TenantConfigParser.ParseItem(config.TenantId ?? "", item, defaultRegion: null, defaultExternalId: null) is InvalidTenantDelivery invalid)
        {
            throw new ArgumentException(
                $"Tenant '{config.TenantId}' {TenantConfigParser.TypeText(config.Type)} configuration is invalid: {string.Join("; ", invalid.Reasons)}",
                nameof(config));
        }

        return item;
    }

    private static void WriteContentRules(Dictionary<string, TenantAttribute> attributes, ContentRuleSpec content)
    {
        if (content.Include.Count > 0)
        {
            attributes[TenantAttributeNames.IncludePatterns] = TenantAttribute.L(content.Include.Select(TenantAttribute.S));
        }

        if (content.Exclude.Count > 0)
        {
            attributes[TenantAttributeNames.ExcludePatterns] = TenantAttribute.L(content.Exclude.Select(TenantAttribute.S));
        }

        if (content.Redact.Count > 0)
        {
            attributes[TenantAttributeNames.Redact] = TenantAttribute.L(content.Redact.Select(rule => rule.IsBuiltIn
                ? TenantAttribute.S(rule.Name)
                : TenantAttribute.M(RuleMembers(rule))));
        }
    }

    private static IEnumerable<KeyValuePair<string, TenantAttribute>> RuleMembers(RedactRuleSpec rule)
    {
        yield return KeyValuePair.Create(TenantAttributeNames.RedactName, TenantAttribute.S(rule.Name));
        yield return KeyValuePair.Create(TenantAttributeNames.RedactPattern, TenantAttribute.S(rule.Pattern!));
        if (rule.Replacement is not null)
        {
            yield return KeyValuePair.Create(TenantAttributeNames.RedactReplacement, TenantAttribute.S(rule.Replacement));
        }
    }
}
