using System.Text;
using System.Text.Json;
using LogGrains.Core.Tenants;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace LogGrains.Cli;

/// <summary>
/// <c>loggrains tenants list|get|put|delete|validate</c> over the configured tenant store. Items are validated with
/// <see cref="TenantConfigParser"/>, the same code the grains use, with the same defaults.
/// </summary>
internal sealed class TenantCommands(CliContext context, CliSettings settings)
{
    /// <summary>Lists every tenant with the state of each delivery item.</summary>
    public async Task<int> ListAsync(bool json, CancellationToken cancellationToken)
    {
        var defaults = settings.TenantDefaults;
        using var lease = TenantStores.Open(settings);
        var tenantStore = lease.Store;
        var tenants = new List<TenantConfiguration>();
        await foreach (var tenant in tenantStore.ListTenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            var items = await tenantStore.GetItemsAsync(tenant, cancellationToken).ConfigureAwait(false);
            tenants.Add(TenantConfigParser.Parse(tenant, items, defaults));
        }

        tenants.Sort((a, b) => string.CompareOrdinal(a.TenantId, b.TenantId));
        if (json)
        {
            context.WriteLineRaw(Json(w =>
            {
                w.WriteStartArray();
                foreach (var tenant in tenants)
                {
                    w.WriteStartObject();
                    w.WriteString("tenant", tenant.TenantId);
                    WriteDeliveries(w, tenant);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }));
            return 0;
        }

        var table = new Table().AddColumns("tenant", "delivery", "state", "target");
        foreach (var tenant in tenants)
        {
            foreach (var delivery in tenant.Deliveries)
            {
                table.AddRow(Cells(tenant.TenantId, TypeOf(delivery), StateOf(delivery), TargetOf(delivery)));
            }
        }

        context.Out.Write(table);
        context.WriteLineRaw($"{tenants.Count} tenant(s), {tenants.Sum(t => t.Deliveries.Count)} delivery item(s)");
        return 0;
    }

    /// <summary>Shows every item of one tenant and whether it is valid; exit 1 when the tenant has no item.</summary>
    public async Task<int> GetAsync(string tenantId, bool json, CancellationToken cancellationToken)
    {
        var defaults = settings.TenantDefaults;
        using var lease = TenantStores.Open(settings);
        var items = await lease.Store.GetItemsAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var configuration = TenantConfigParser.Parse(tenantId, items, defaults);
        if (json)
        {
            context.WriteLineRaw(Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("tenant", tenantId);
                w.WriteStartArray("items");
                foreach (var item in items)
                {
                    TenantItemJson.Write(w, item);
                }

                w.WriteEndArray();
                WriteDeliveries(w, configuration);
                w.WriteEndObject();
            }));
            return items.Count == 0 ? 1 : 0;
        }

        if (items.Count == 0)
        {
            await context.Error.WriteLineAsync($"loggrains: tenant '{tenantId}' has no item in the tenant table.").ConfigureAwait(false);
            return 1;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var delivery = configuration.Deliveries[i];
            var table = new Table().AddColumns("attribute", "value").Title(Markup.Escape($"{tenantId} {TypeOf(delivery)}: {StateOf(delivery)}"));
            foreach (var (name, attribute) in TenantItemJson.Ordered(items[i]))
            {
                table.AddRow(Cells(name, TenantItemJson.Display(attribute)));
            }

            context.Out.Write(table);
            if (delivery is InvalidTenantDelivery invalid)
            {
                foreach (var reason in invalid.Reasons)
                {
                    context.WriteLineRaw($"  ✗ {reason}");
                }
            }
        }

        return 0;
    }

    /// <summary>
    /// Writes the item(s) in <paramref name="source"/> (a file, or <c>-</c> for standard input) after validating every one
    /// of them; an invalid item is refused with its reasons and nothing at all is written.
    /// </summary>
    public async Task<int> PutAsync(string source, CancellationToken cancellationToken)
    {
        var defaults = settings.TenantDefaults;
        string text;
        try
        {
            text = source == "-"
                ? await context.Input.ReadToEndAsync(cancellationToken).ConfigureAwait(false)
                : await File.ReadAllTextAsync(source, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await context.Error.WriteLineAsync($"loggrains: {source} cannot be read: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        IReadOnlyList<TenantItem> items;
        try
        {
            items = TenantItemJson.Parse(text);
        }
        catch (JsonException e)
        {
            await context.Error.WriteLineAsync($"loggrains: {(source == "-" ? "standard input" : source)} is not a tenant item: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        var refusals = new List<string>();
        var accepted = new List<(string Tenant, string Type, TenantItem Item)>();
        foreach (var (item, index) in items.Select((item, index) => (item, index)))
        {
            var label = items.Count == 1 ? "the item" : $"item {index}";
            if (!item.TryGetValue(TenantAttributeNames.TenantId, out var id) || id.Kind != TenantAttributeKind.S || !TenantIdRule.IsValid(id.Text))
            {
                refusals.Add($"{label}: tenant_id: missing or not a valid tenant id (an S matching {TenantIdRule.Pattern})");
                continue;
            }

            switch (TenantConfigParser.Parse(id.Text, [item], defaults).Deliveries[0])
            {
                case InvalidTenantDelivery invalid:
                    refusals.AddRange(invalid.Reasons.Select(r => $"{label} (tenant '{id.Text}', {invalid.Type}): {r}"));
                    break;
                case ValidTenantDelivery valid:
                    accepted.Add((id.Text, TenantConfigParser.TypeText(valid.Config.Type), item));
                    break;
            }
        }

        if (refusals.Count > 0)
        {
            await context.Error.WriteLineAsync($"loggrains: refused, nothing was written: {refusals.Count} problem(s)").ConfigureAwait(false);
            foreach (var refusal in refusals)
            {
                await context.Error.WriteLineAsync($"  ✗ {refusal}").ConfigureAwait(false);
            }

            return 1;
        }

        using var lease = TenantStores.Open(settings);
        foreach (var (tenant, type, item) in accepted)
        {
            await lease.Store.PutItemAsync(item, cancellationToken).ConfigureAwait(false);
            context.WriteLineRaw($"✓ put tenant '{tenant}' {type}");
        }

        return 0;
    }

    /// <summary>Deletes one delivery item (<paramref name="type"/>) or, without a type, every item of the tenant.</summary>
    public async Task<int> DeleteAsync(string tenantId, string? type, CancellationToken cancellationToken)
    {
        using var lease = TenantStores.Open(settings);
        var tenantStore = lease.Store;
        var items = await tenantStore.GetItemsAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var types = items
            .Select(i => i.TryGetValue(TenantAttributeNames.Type, out var t) && t.Kind == TenantAttributeKind.S ? t.Text.Trim().ToLowerInvariant() : "cloudwatch")
            .Where(t => type is null || t == type)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (types.Count == 0)
        {
            context.WriteLineRaw($"tenant '{tenantId}' has no {(type is null ? "" : type + " ")}item: nothing to delete");
            return 0;
        }

        foreach (var found in types)
        {
            var deliveryType = found == "s3" ? DeliveryType.S3 : DeliveryType.CloudWatch;
            await tenantStore.DeleteItemAsync(tenantId, deliveryType, cancellationToken).ConfigureAwait(false);
            context.WriteLineRaw($"✓ deleted tenant '{tenantId}' {found}");
        }

        return 0;
    }

    /// <summary>Table cells shown as plain text: values may hold brackets, which are markup to Spectre.</summary>
    internal static IRenderable[] Cells(params string[] values) => [.. values.Select(v => new Text(v))];

    internal static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDeliveries(Utf8JsonWriter w, TenantConfiguration configuration)
    {
        w.WriteStartArray("deliveries");
        foreach (var delivery in configuration.Deliveries)
        {
            w.WriteStartObject();
            w.WriteString("type", TypeOf(delivery));
            w.WriteBoolean("valid", delivery is ValidTenantDelivery);
            if (delivery is ValidTenantDelivery { Config: var config })
            {
                w.WriteBoolean("enabled", config.Enabled);
                w.WriteString("target", TargetOf(delivery));
            }
            else if (delivery is InvalidTenantDelivery invalid)
            {
                w.WriteStartArray("reasons");
                foreach (var reason in invalid.Reasons)
                {
                    w.WriteStringValue(reason);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string TypeOf(TenantDelivery delivery) => delivery switch
    {
        ValidTenantDelivery valid => TenantConfigParser.TypeText(valid.Config.Type),
        InvalidTenantDelivery invalid => invalid.Type,
        _ => "?",
    };

    private static string StateOf(TenantDelivery delivery) => delivery switch
    {
        ValidTenantDelivery { Config.Enabled: true } => "✓ valid",
        ValidTenantDelivery => "✓ valid, disabled",
        InvalidTenantDelivery invalid => $"✗ invalid: {string.Join("; ", invalid.Reasons)}",
        _ => "?",
    };

    private static string TargetOf(TenantDelivery delivery) => delivery switch
    {
        ValidTenantDelivery { Config: { Type: DeliveryType.CloudWatch } c } => $"{c.LogGroupName} in {c.TargetRegion}",
        ValidTenantDelivery { Config: var c } => $"s3://{c.BucketName}/{c.BucketPrefix} in {c.TargetRegion}",
        _ => "",
    };
}
