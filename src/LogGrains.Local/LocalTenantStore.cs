using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;

namespace LogGrains.Local;

/// <summary>
/// The tenant table as <c>{root}/tenants.json</c>: an array of objects whose properties are the item's attributes
/// (string → S, bool → BOOL, number → N, array → L, null → NULL). Items are keyed by <c>tenant_id</c> and
/// <c>type</c> (absent = cloudwatch). The file is read on every call, so edits by hand take effect once the
/// grains' configuration cache expires; writes replace it atomically.
/// </summary>
internal sealed class LocalTenantStore(LocalPaths paths) : ITenantStore, IDisposable
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public void Dispose() => _writeGate.Dispose();

    public async Task<IReadOnlyList<TenantItem>> GetItemsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var items = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return items
            .Where(i => TenantIdOf(i) == tenantId)
            .OrderBy(TypeOf, StringComparer.Ordinal)
            .ToList();
    }

    public async Task PutItemAsync(TenantItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (TenantIdOf(item).Length == 0)
        {
            throw new DeliveryException(DeliveryErrorClass.InvalidRequest, "local:PutItem", "", "", $"the item has no string '{TenantAttributeNames.TenantId}'");
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var items = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var kept = items.Where(i => !(TenantIdOf(i) == TenantIdOf(item) && TypeOf(i) == TypeOf(item))).Append(item).ToList();
            await WriteAsync(kept, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task DeleteItemAsync(string tenantId, DeliveryType type, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var items = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var typeText = TenantConfigParser.TypeText(type);
            var kept = items.Where(i => !(TenantIdOf(i) == tenantId && TypeOf(i) == typeText)).ToList();
            if (kept.Count != items.Count)
            {
                await WriteAsync(kept, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async IAsyncEnumerable<string> ListTenantsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var items = await ReadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tenant in items.Select(TenantIdOf).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            yield return tenant;
        }
    }

    private static string TenantIdOf(TenantItem item) =>
        item.TryGetValue(TenantAttributeNames.TenantId, out var id) && id.Kind == TenantAttributeKind.S ? id.Text : "";

    private static string TypeOf(TenantItem item) =>
        item.TryGetValue(TenantAttributeNames.Type, out var type) && type.Kind == TenantAttributeKind.S ? type.Text : TenantConfigParser.TypeText(DeliveryType.CloudWatch);

    private async Task<List<TenantItem>> ReadAsync(CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(paths.TenantsFile, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return [];
        }
        catch (IOException e)
        {
            throw new DeliveryException(DeliveryErrorClass.Transient, "local:ReadTenants", "", "", $"{paths.TenantsFile} could not be read: {e.Message}", e);
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException("the file must hold a JSON array of tenant items");
            }

            return document.RootElement.EnumerateArray().Select(ToItem).ToList();
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            // An operator's typo: retried until fixed, as DynamoDB being unavailable would be.
            throw new DeliveryException(DeliveryErrorClass.Transient, "local:ReadTenants", "", "", $"{paths.TenantsFile} is not a valid tenant file: {e.Message}", e);
        }
    }

    private static TenantItem ToItem(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a tenant item is a JSON {element.ValueKind}, not an object");
        }

        return new TenantItem(element.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, PlainTenantAttribute.Read(p.Value, p.Name))));
    }

    private async Task WriteAsync(IReadOnlyList<TenantItem> items, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(paths.Temp);
        var temporary = Path.Combine(paths.Temp, "tenants." + Guid.NewGuid().ToString("N") + ".json");
        var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            var json = new Utf8JsonWriter(stream, WriterOptions);
            await using (json.ConfigureAwait(false))
            {
                json.WriteStartArray();
                foreach (var item in items)
                {
                    json.WriteStartObject();
                    foreach (var (name, attribute) in item.OrderBy(a => a.Key == TenantAttributeNames.TenantId ? 0 : a.Key == TenantAttributeNames.Type ? 1 : 2).ThenBy(a => a.Key, StringComparer.Ordinal))
                    {
                        json.WritePropertyName(name);
                        WriteAttribute(json, attribute);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, paths.TenantsFile, overwrite: true);
    }

    private static void WriteAttribute(Utf8JsonWriter json, TenantAttribute attribute)
    {
        switch (attribute.Kind)
        {
            case TenantAttributeKind.S:
                json.WriteStringValue(attribute.Text);
                break;
            case TenantAttributeKind.N:
                if (decimal.TryParse(attribute.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    json.WriteNumberValue(double.Parse(attribute.Text, NumberStyles.Float, CultureInfo.InvariantCulture));
                }

                break;
            case TenantAttributeKind.Bool:
                json.WriteBooleanValue(attribute.Bool);
                break;
            case TenantAttributeKind.SS:
                json.WriteStartArray();
                foreach (var member in attribute.Strings)
                {
                    json.WriteStringValue(member);
                }

                json.WriteEndArray();
                break;
            case TenantAttributeKind.L:
                json.WriteStartArray();
                foreach (var element in attribute.List)
                {
                    WriteAttribute(json, element);
                }

                json.WriteEndArray();
                break;
            case TenantAttributeKind.M:
                json.WriteStartObject();
                foreach (var (name, member) in attribute.Map)
                {
                    json.WritePropertyName(name);
                    WriteAttribute(json, member);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
