using LogGrains.Core.Content;

namespace LogGrains.Core.Tenants;

/// <summary>
/// Turns the tenant table's items into validated deliveries. Accepts the seed's single-record shape
/// (no <c>type</c>: a CloudWatch delivery) and the multi-delivery shape (sort key <c>type</c> =
/// <c>cloudwatch</c> | <c>s3</c>, case-insensitive).
/// </summary>
/// <remarks>
/// <para>
/// Each item is validated on its own; an invalid item becomes an <see cref="InvalidTenantDelivery"/>
/// with every reason found and never blocks the tenant's other items (defect 13).
/// </para>
/// <para>
/// Optional string attributes that are blank or <c>NULL</c> count as absent. <c>enabled</c> is
/// <c>BOOL</c> or <c>S</c> <c>"true"</c>/<c>"false"</c>. <c>desired_logs</c> is an <c>L</c> of
/// <c>S</c>, an <c>SS</c>, or one comma-separated <c>S</c>. <c>include_patterns</c> and <c>exclude_patterns</c> are an
/// <c>L</c> of <c>S</c> or an <c>SS</c>; <c>redact</c> is an <c>L</c> of <c>S</c> (a built-in rule name) and <c>M</c>
/// (<c>name</c>, <c>pattern</c>, optional <c>replacement</c>), or an <c>SS</c> of built-in names; the rules must compile
/// (<see cref="ContentRules.TryCompile"/>) and are refused on an s3 delivery. <c>bucket_prefix</c> is the exception to
/// blank-is-absent: an explicit empty string means the bucket root. When two items claim the same type
/// (possible only in the seed's table without a sort key), the first keeps it and the others are
/// invalid, so nothing is delivered twice.
/// </para>
/// </remarks>
public static class TenantConfigParser
{
    /// <summary>Parses all items of one tenant.</summary>
    /// <param name="tenantId">The tenant id the items were read for.</param>
    /// <param name="items">The tenant's items, in store order.</param>
    /// <param name="defaults">The cluster's region and central account id used for absent fields.</param>
    /// <returns>One delivery per item, valid or invalid.</returns>
    public static TenantConfiguration Parse(string tenantId, IEnumerable<TenantItem> items, TenantDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(defaults);
        var deliveries = new List<TenantDelivery>();
        var claimed = new HashSet<DeliveryType>();
        foreach (var item in items)
        {
            var delivery = ParseItem(tenantId, item, defaults.ClusterRegion, defaults.CentralAccountId);
            if (delivery is ValidTenantDelivery valid && !claimed.Add(valid.Config.Type))
            {
                delivery = new InvalidTenantDelivery(
                    TypeText(valid.Config.Type),
                    [$"type: a second '{TypeText(valid.Config.Type)}' delivery for tenant '{tenantId}'; only the first one is used"]);
            }
            else if (delivery is InvalidTenantDelivery invalid && TryParseType(invalid.Type, out var type))
            {
                claimed.Add(type);
            }

            deliveries.Add(delivery);
        }

        return new TenantConfiguration(tenantId, deliveries);
    }

    /// <summary>The <c>type</c> attribute value of a delivery type.</summary>
    /// <param name="type">The type.</param>
    /// <returns><c>cloudwatch</c> or <c>s3</c>.</returns>
    public static string TypeText(DeliveryType type) => type == DeliveryType.S3 ? "s3" : "cloudwatch";

    /// <summary>
    /// Validates one item. When <paramref name="defaultRegion"/> or <paramref name="defaultExternalId"/>
    /// is null, the corresponding attribute is required.
    /// </summary>
    internal static TenantDelivery ParseItem(string tenantId, TenantItem item, string? defaultRegion, string? defaultExternalId)
    {
        ArgumentNullException.ThrowIfNull(item);
        var reasons = new List<string>();

        var typeText = "cloudwatch";
        if (item.TryGetValue(TenantAttributeNames.Type, out var typeAttribute))
        {
            if (typeAttribute.Kind != TenantAttributeKind.S)
            {
                return new InvalidTenantDelivery(typeAttribute.ToString(), [$"type: must be S, is {typeAttribute.TypeName()}"]);
            }

            typeText = typeAttribute.Text;
        }

        if (!TryParseType(typeText, out var type))
        {
            return new InvalidTenantDelivery(typeText, [$"type: '{typeText}' is not a known delivery type (cloudwatch, s3)"]);
        }

        if (!TenantIdRule.IsValid(tenantId))
        {
            reasons.Add($"tenant_id: '{tenantId}' is not a valid tenant id (must match {TenantIdRule.Pattern})");
        }

        var itemTenant = ReadString(item, TenantAttributeNames.TenantId, reasons);
        if (itemTenant is null)
        {
            reasons.Add("tenant_id: is missing");
        }
        else if (!string.Equals(itemTenant, tenantId, StringComparison.Ordinal))
        {
            reasons.Add($"tenant_id: '{itemTenant}' does not match the tenant '{tenantId}' it was read for");
        }

        var enabled = ReadEnabled(item, reasons);

        var roleArn = ReadString(item, TenantAttributeNames.RoleArn, reasons);
        if (roleArn is null)
        {
            reasons.Add("log_distribution_role_arn: is missing");
        }
        else if (!RoleArn.IsValid(roleArn, out var roleReason))
        {
            reasons.Add($"log_distribution_role_arn: {roleReason}");
        }

        var externalId = ReadString(item, TenantAttributeNames.ExternalId, reasons) ?? defaultExternalId;
        if (externalId is null)
        {
            reasons.Add("external_id: is missing");
        }
        else if (!ExternalId.IsValid(externalId, out var externalReason))
        {
            reasons.Add($"external_id: {externalReason}");
        }

        var region = ReadString(item, TenantAttributeNames.TargetRegion, reasons) ?? defaultRegion;
        if (region is null)
        {
            reasons.Add("target_region: is missing");
        }
        else if (!AwsRegionName.IsValid(region, out var regionReason))
        {
            reasons.Add($"target_region: {regionReason}");
        }

        var desiredLogs = ReadDesiredLogs(item, reasons);
        var weight = ReadWeight(item, reasons);
        var content = ReadContentRules(item, reasons);
        if (type == DeliveryType.S3 && content is { IsEmpty: false })
        {
            reasons.Add("include_patterns/exclude_patterns/redact: content rules apply to cloudwatch deliveries only; an s3 delivery copies each object byte for byte (rewriting objects is not implemented)");
        }

        string? logGroup = null, bucket = null;
        var prefix = TenantConfig.DefaultBucketPrefix;
        if (type == DeliveryType.CloudWatch)
        {
            logGroup = ReadString(item, TenantAttributeNames.LogGroupName, reasons);
            if (logGroup is null)
            {
                reasons.Add("log_group_name: is missing (required for a cloudwatch delivery)");
            }
            else if (!LogGroupName.IsValid(logGroup, out var groupReason))
            {
                reasons.Add($"log_group_name: {groupReason}");
            }
        }
        else
        {
            bucket = ReadString(item, TenantAttributeNames.BucketName, reasons);
            if (bucket is null)
            {
                reasons.Add("bucket_name: is missing (required for an s3 delivery)");
            }
            else if (!S3BucketName.IsValid(bucket, out var bucketReason))
            {
                reasons.Add($"bucket_name: {bucketReason}");
            }

            prefix = ReadPrefix(item, reasons) ?? prefix;
            if (!IsValidPrefix(prefix, out var prefixReason))
            {
                reasons.Add($"bucket_prefix: {prefixReason}");
            }
        }

        if (reasons.Count > 0)
        {
            return new InvalidTenantDelivery(typeText, reasons);
        }

        return new ValidTenantDelivery(new TenantConfig(
            tenantId, type, enabled, roleArn!, externalId!, region!, desiredLogs, logGroup, bucket, prefix, weight, content is { IsEmpty: false } ? content : null));
    }

    private static bool TryParseType(string text, out DeliveryType type)
    {
        switch (text.Trim().ToUpperInvariant())
        {
            case "CLOUDWATCH":
                type = DeliveryType.CloudWatch;
                return true;
            case "S3":
                type = DeliveryType.S3;
                return true;
            default:
                type = default;
                return false;
        }
    }

    private static string? ReadString(TenantItem item, string name, List<string> reasons)
    {
        if (!item.TryGetValue(name, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return null;
        }

        if (attribute.Kind != TenantAttributeKind.S)
        {
            reasons.Add($"{name}: must be S, is {attribute.TypeName()}");
            return null;
        }

        var text = attribute.Text.Trim();
        return text.Length == 0 ? null : text;
    }

    private static string? ReadPrefix(TenantItem item, List<string> reasons)
    {
        if (!item.TryGetValue(TenantAttributeNames.BucketPrefix, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return null;
        }

        if (attribute.Kind != TenantAttributeKind.S)
        {
            reasons.Add($"bucket_prefix: must be S, is {attribute.TypeName()}");
            return null;
        }

        return attribute.Text;
    }

    private static bool ReadEnabled(TenantItem item, List<string> reasons)
    {
        if (!item.TryGetValue(TenantAttributeNames.Enabled, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return true;
        }

        if (attribute.Kind == TenantAttributeKind.Bool)
        {
            return attribute.Bool;
        }

        if (attribute.Kind == TenantAttributeKind.S && bool.TryParse(attribute.Text.Trim(), out var parsed))
        {
            return parsed;
        }

        reasons.Add($"enabled: must be BOOL or S \"true\"/\"false\", is {attribute}");
        return false;
    }

    private static int ReadWeight(TenantItem item, List<string> reasons)
    {
        if (!item.TryGetValue(TenantAttributeNames.Weight, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return TenantConfig.MinWeight;
        }

        if (attribute.Kind is TenantAttributeKind.N or TenantAttributeKind.S
            && int.TryParse(attribute.Text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var weight)
            && weight is >= TenantConfig.MinWeight and <= TenantConfig.MaxWeight)
        {
            return weight;
        }

        reasons.Add($"weight: must be a whole number from {TenantConfig.MinWeight} to {TenantConfig.MaxWeight} (N or S), is {attribute}");
        return TenantConfig.MinWeight;
    }

    // The three content fields; the compiled rules' reasons (bad pattern, limits) are the item's reasons.
    private static ContentRuleSpec? ReadContentRules(TenantItem item, List<string> reasons)
    {
        var before = reasons.Count;
        var include = ReadPatterns(item, TenantAttributeNames.IncludePatterns, reasons);
        var exclude = ReadPatterns(item, TenantAttributeNames.ExcludePatterns, reasons);
        var redact = ReadRedact(item, reasons);
        if (reasons.Count > before)
        {
            return null;
        }

        var spec = new ContentRuleSpec(include, exclude, redact);
        if (!ContentRules.TryCompile(spec, out _, out var problems))
        {
            reasons.AddRange(problems);
            return null;
        }

        return spec;
    }

    private static List<string> ReadPatterns(TenantItem item, string name, List<string> reasons)
    {
        if (!item.TryGetValue(name, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return [];
        }

        switch (attribute.Kind)
        {
            case TenantAttributeKind.SS:
                return [.. attribute.Strings];
            case TenantAttributeKind.L:
                var patterns = new List<string>();
                for (var i = 0; i < attribute.List.Count; i++)
                {
                    var element = attribute.List[i];
                    if (element.Kind == TenantAttributeKind.S)
                    {
                        patterns.Add(element.Text);
                    }
                    else
                    {
                        reasons.Add($"{name}[{i}]: must be S, is {element.TypeName()}");
                    }
                }

                return patterns;
            default:
                reasons.Add($"{name}: must be L of S or SS, is {attribute.TypeName()}");
                return [];
        }
    }

    private static List<RedactRuleSpec> ReadRedact(TenantItem item, List<string> reasons)
    {
        const string Name = TenantAttributeNames.Redact;
        if (!item.TryGetValue(Name, out var attribute) || attribute.Kind == TenantAttributeKind.Null)
        {
            return [];
        }

        IReadOnlyList<TenantAttribute> elements;
        if (attribute.Kind == TenantAttributeKind.SS)
        {
            elements = [.. attribute.Strings.Select(TenantAttribute.S)];
        }
        else if (attribute.Kind == TenantAttributeKind.L)
        {
            elements = attribute.List;
        }
        else
        {
            reasons.Add($"{Name}: must be L of S (a built-in rule name) or M {{name, pattern, replacement}}, is {attribute.TypeName()}");
            return [];
        }

        var rules = new List<RedactRuleSpec>();
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            if (element.Kind == TenantAttributeKind.S)
            {
                rules.Add(new RedactRuleSpec(element.Text.Trim()));
                continue;
            }

            if (element.Kind != TenantAttributeKind.M)
            {
                reasons.Add($"{Name}[{i}]: must be S (a built-in rule name) or M {{name, pattern, replacement}}, is {element.TypeName()}");
                continue;
            }

            var map = element.Map;
            var unknown = map.Keys.Where(k => k is not (TenantAttributeNames.RedactName or TenantAttributeNames.RedactPattern or TenantAttributeNames.RedactReplacement)).ToList();
            if (unknown.Count > 0)
            {
                reasons.Add($"{Name}[{i}]: unknown member(s) {string.Join(", ", unknown)} (a custom rule has name, pattern and an optional replacement)");
                continue;
            }

            var ruleName = MemberText(map, TenantAttributeNames.RedactName);
            var pattern = MemberText(map, TenantAttributeNames.RedactPattern);
            var replacement = map.ContainsKey(TenantAttributeNames.RedactReplacement) ? MemberText(map, TenantAttributeNames.RedactReplacement) : null;
            if (ruleName is null || pattern is null || (map.ContainsKey(TenantAttributeNames.RedactReplacement) && replacement is null))
            {
                reasons.Add($"{Name}[{i}]: a custom rule needs name and pattern as S, and replacement, if given, as S");
                continue;
            }

            rules.Add(new RedactRuleSpec(ruleName.Trim(), pattern, replacement));
        }

        return rules;
    }

    private static string? MemberText(IReadOnlyDictionary<string, TenantAttribute> map, string name) =>
        map.TryGetValue(name, out var value) && value.Kind == TenantAttributeKind.S ? value.Text : null;

    private static DesiredLogsFilter ReadDesiredLogs(TenantItem item, List<string> reasons)
    {
        if (!item.TryGetValue(TenantAttributeNames.DesiredLogs, out var attribute))
        {
            return DesiredLogsFilter.All;
        }

        switch (attribute.Kind)
        {
            case TenantAttributeKind.Null:
                return DesiredLogsFilter.All;
            case TenantAttributeKind.S:
                return new DesiredLogsFilter(attribute.Text.Split(','));
            case TenantAttributeKind.SS:
                return new DesiredLogsFilter(attribute.Strings);
            case TenantAttributeKind.L:
                var names = new List<string>();
                for (var i = 0; i < attribute.List.Count; i++)
                {
                    var element = attribute.List[i];
                    if (element.Kind == TenantAttributeKind.S)
                    {
                        names.Add(element.Text);
                    }
                    else
                    {
                        reasons.Add($"desired_logs: element {i} must be S, is {element.TypeName()}");
                    }
                }

                return new DesiredLogsFilter(names);
            default:
                reasons.Add($"desired_logs: must be L of S, SS or a comma-separated S, is {attribute.TypeName()}");
                return DesiredLogsFilter.All;
        }
    }

    private static bool IsValidPrefix(string prefix, out string reason)
    {
        reason = "";
        if (prefix.StartsWith('/'))
        {
            reason = $"'{prefix}' must not start with '/'";
        }
        else if (prefix.Length > 512)
        {
            reason = $"is {prefix.Length} characters long (at most 512)";
        }
        else if (prefix.Any(char.IsControl))
        {
            reason = $"'{prefix}' contains a control character";
        }
        else if (prefix.Split('/').Any(s => s is "." or ".."))
        {
            reason = $"'{prefix}' contains a '.' or '..' segment";
        }

        return reason.Length == 0;
    }
}
