using System.Buffers;
using System.Globalization;
using System.Text;
using LogGrains.Core.Batching;
using LogGrains.Core.Ports;

namespace LogGrains.Local;

/// <summary>
/// The local profile's CloudWatch Logs: a group is the directory <c>logs/{tenant}/{group}/</c> (the group's '/'
/// become sub-directories), a stream is the file <c>{stream}.log</c> in it (the stream's '/' become '_'), and an
/// event is one line <c>{timestamp}\t{message}</c>, newlines and carriage returns inside the message written as
/// <c>\n</c> and <c>\r</c>.
/// </summary>
internal sealed class LocalLogDestination(LocalPaths paths) : ILogDestination
{
    private const string Operation = "local:PutLogEvents";

    public Task EnsureAsync(LogTarget target, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Directory.CreateDirectory(GroupDirectory(target));
        return Task.CompletedTask;
    }

    public async Task<RejectedEventCounts> PutAsync(LogTarget target, TenantCredentials credentials, BatchGroup batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(batch);
        var directory = GroupDirectory(target);
        var streamFile = target.LogStreamName.Replace('/', '_');
        if (streamFile.Length == 0 || streamFile is "." or "..")
        {
            throw new DeliveryException(DeliveryErrorClass.InvalidRequest, Operation, target.Tenant, "", $"log stream name '{target.LogStreamName}' cannot be a file name");
        }

        // Like CloudWatch recreating a deleted group: the directory is made again if someone removed it.
        Directory.CreateDirectory(directory);
        var lines = new ArrayBufferWriter<byte>(64 * 1024);
        foreach (var (batchIndex, eventIndex) in InTimestampOrder(batch))
        {
            var planned = batch.Batches[batchIndex];
            WriteLine(lines, planned.GetTimestamp(eventIndex), planned.GetMessage(eventIndex));
        }

        var file = new FileStream(Path.Combine(directory, streamFile + ".log"), FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            await file.WriteAsync(lines.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return PutLogEventsRejections.Count(batch.Count, null, null, null);
    }

    /// <summary>
    /// Reads nothing back: the answer is always "no events", so an unconfirmed request is sent again. The local
    /// profile keeps its checkpoints and in-flight records in memory, so a crash loses them together with the silo and
    /// nothing is left to resolve; within one activation a local put either wrote its lines or threw. The log file is
    /// also not an exact copy (newlines inside messages are escaped), so it could not prove presence byte for byte.
    /// </summary>
    public Task<IReadOnlyList<StoredLogEvent>> ReadBackAsync(
        LogTarget target, TenantCredentials credentials, long fromTimestamp, long toTimestamp, int maxEvents, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredLogEvent>>([]);

    /// <summary>The group's events merged by timestamp; equal timestamps keep batch and file order (a stable sort).</summary>
    private static List<(int Batch, int Event)> InTimestampOrder(BatchGroup group) =>
        group.Batches
            .SelectMany((b, bi) => Enumerable.Range(0, b.Count).Select(ei => (Batch: bi, Event: ei, Timestamp: b.GetTimestamp(ei))))
            .OrderBy(e => e.Timestamp)
            .Select(e => (e.Batch, e.Event))
            .ToList();

    private static void WriteLine(ArrayBufferWriter<byte> output, long timestampMs, ReadOnlySpan<byte> message)
    {
        var stamp = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        Encoding.ASCII.GetBytes(stamp, output);
        output.Write("\t"u8);
        while (message.Length > 0)
        {
            var stop = message.IndexOfAny((byte)'\n', (byte)'\r');
            if (stop < 0)
            {
                output.Write(message);
                break;
            }

            output.Write(message[..stop]);
            output.Write(message[stop] == (byte)'\n' ? "\\n"u8 : "\\r"u8);
            message = message[(stop + 1)..];
        }

        output.Write("\n"u8);
    }

    private string GroupDirectory(LogTarget target)
    {
        var group = target.LogGroupName.TrimStart('/');
        var relative = target.Tenant + "/" + string.Join('/', group.Split('/', StringSplitOptions.RemoveEmptyEntries));
        if (group.Length == 0 || !LocalPaths.TryResolve(paths.Logs, relative, out var directory))
        {
            throw new DeliveryException(
                DeliveryErrorClass.InvalidRequest, "local:CreateLogGroup", target.Tenant, "",
                $"log group '{target.LogGroupName}' of tenant '{target.Tenant}' cannot be a directory under logs/ ('.' and '..' segments are refused)");
        }

        return directory;
    }
}
