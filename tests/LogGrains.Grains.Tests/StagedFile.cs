using System.IO.Compression;
using System.Text;
using LogGrains.Abstractions;

namespace LogGrains.Grains.Tests;

/// <summary>A staged object for the tests: its announcement, its bytes, and the messages it holds in file order.</summary>
internal sealed record StagedFile(StagedObject Staged, byte[] Content, IReadOnlyList<string> Messages)
{
    public string Key => Staged.Key;

    /// <summary>
    /// A gzip NDJSON object of <paramref name="events"/> bare records whose messages name the object and the event's
    /// position, with timestamps <paramref name="spacingMs"/> apart from <paramref name="firstTimestamp"/>.
    /// </summary>
    public static StagedFile Create(string tenant, string application, string pod, int events, DateTimeOffset firstTimestamp, int spacingMs = 1)
    {
        var key = $"{tenant}/cluster-1/{application}/{pod}/{GrainWorld.Unique("file")}.json.gz";
        var messages = Enumerable.Range(0, events).Select(i => $"{key} #{i:D4}").ToList();
        var text = new StringBuilder();
        for (var i = 0; i < events; i++)
        {
            var time = firstTimestamp.AddMilliseconds(i * spacingMs).ToUnixTimeMilliseconds();
            text.Append("{\"timestamp\":").Append(time).Append(",\"message\":\"").Append(messages[i]).Append("\"}\n");
        }

        var raw = Encoding.UTF8.GetBytes(text.ToString());
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return Of(tenant, application, pod, key, buffer.ToArray(), messages, firstTimestamp);
    }

    /// <summary>An object that starts like gzip and then is garbage: the decoder refuses it.</summary>
    public static StagedFile CorruptGzip(string tenant, string application, string pod)
    {
        var key = $"{tenant}/cluster-1/{application}/{pod}/{GrainWorld.Unique("corrupt")}.json.gz";
        byte[] content = [0x1f, 0x8b, 0x08, 0x00, .. Enumerable.Range(0, 512).Select(i => (byte)(i * 37 % 251))];
        return Of(tenant, application, pod, key, content, [], DateTimeOffset.UtcNow);
    }

    private static StagedFile Of(string tenant, string application, string pod, string key, byte[] content, IReadOnlyList<string> messages, DateTimeOffset eventTime) =>
        new(
            new StagedObject("staging", key, content.Length, $"etag-{key.GetHashCode(StringComparison.Ordinal):x8}", "0001", eventTime, tenant, "cluster-1", application, pod, key[(key.LastIndexOf('/') + 1)..]),
            content,
            messages);
}
