using System.Globalization;
using System.Text;
using System.Text.Json;
using LogGrains.Core.Ports;
using LogGrains.Core.Usage;

namespace LogGrains.Local;

/// <summary>
/// The local profile's usage ledger: <c>usage.jsonl</c> under the local root, one JSON line per recorded entry (key,
/// counts, id), appended and flushed to disk before the entry counts as recorded. The file is read back at first use, so
/// ids stay known across restarts; a line torn by a crash mid-write is skipped (its entry was not recorded, and its
/// caller records it again). The <c>loggrains usage</c> verb reads the same file.
/// </summary>
internal sealed class LocalUsageLedger(LocalPaths paths) : IUsageLedger
{
    /// <summary>The ledger's file name under the local root.</summary>
    public const string FileName = "usage.jsonl";

    private readonly Lock _gate = new();
    private UsageBook? _book;

    /// <summary>The ledger's file.</summary>
    public string FilePath { get; } = Path.Combine(paths.Root, FileName);

    /// <inheritdoc/>
    public Task<bool> RecordAsync(UsageEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            var book = Load();
            if (book.Contains(entry.Key.Tenant, entry.Id))
            {
                return Task.FromResult(false);
            }

            try
            {
                using var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
                file.Write(Encoding.UTF8.GetBytes(Write(entry) + "\n"));
                file.Flush(flushToDisk: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new DeliveryException(DeliveryErrorClass.Transient, "local:usage", entry.Key.Tenant, string.Empty, $"usage file '{FilePath}' cannot be written: {e.Message}", e);
            }

            return Task.FromResult(book.Record(entry));
        }
    }

    /// <inheritdoc/>
    public async Task<int> RecordAllAsync(IReadOnlyList<UsageEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var added = 0;
        foreach (var entry in entries)
        {
            added += await RecordAsync(entry, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return added;
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<UsageTotal>> QueryAsync(UsageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return Task.FromResult(Load().Query(query));
        }
    }

    private UsageBook Load()
    {
        if (_book is not null)
        {
            return _book;
        }

        var book = new UsageBook();
        try
        {
            if (File.Exists(FilePath))
            {
                var text = File.ReadAllText(FilePath, Encoding.UTF8);
                foreach (var line in text.Split('\n'))
                {
                    if (Read(line) is { } entry)
                    {
                        book.Record(entry);
                    }
                }

                if (text.Length > 0 && !text.EndsWith('\n'))
                {
                    // A torn last line: start the next entry on a line of its own.
                    File.AppendAllText(FilePath, "\n");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeliveryException(DeliveryErrorClass.Transient, "local:usage", string.Empty, string.Empty, $"usage file '{FilePath}' cannot be read: {e.Message}", e);
        }

        _book = book;
        return book;
    }

    private static string Write(UsageEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tenant", entry.Key.Tenant);
            json.WriteString("day", entry.Key.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteString("delivery", entry.Key.DeliveryName);
            json.WriteString("id", entry.Id);
            for (var i = 0; i < UsageCounts.FieldNames.Count; i++)
            {
                json.WriteNumber(UsageCounts.FieldNames[i], entry.Counts.Values[i]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static UsageEntry? Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (!DateOnly.TryParseExact(root.GetProperty("day").GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                || !UsageKey.TryParseDelivery(root.GetProperty("delivery").GetString(), out var delivery))
            {
                return null;
            }

            var counts = UsageCounts.FromValues([.. UsageCounts.FieldNames.Select(f => root.TryGetProperty(f, out var v) ? v.GetInt64() : 0L)]);
            return new UsageEntry(new UsageKey(root.GetProperty("tenant").GetString()!, day, delivery), counts, root.GetProperty("id").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
