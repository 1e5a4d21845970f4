using System.Globalization;
using System.Text;
using System.Text.Json;
using LogGrains.Core.Ports;
using Microsoft.Extensions.Options;

namespace LogGrains.Local;

/// <summary>
/// The local profile's notification queue: every file under <c>staging/</c> is a message whose body is the raw S3
/// event S3 would have sent for it. Receive counts and visibility live in memory (a restart makes everything
/// visible again, as an expired SQS visibility would). Finished files are moved, never deleted.
/// </summary>
internal sealed partial class LocalDirectorySource(
    LocalPaths paths,
    IOptions<LocalDirectorySourceOptions> options,
    TimeProvider time,
    ILogger<LocalDirectorySource> logger) : INotificationSource
{
    public const string Bucket = "local";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A file written more recently than this may still be being copied in; it waits for the next poll.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LocalMessageState> _entries = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unusable = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SourceMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, 10);
        if (wait < TimeSpan.Zero || wait > TimeSpan.FromSeconds(20))
        {
            throw new ArgumentOutOfRangeException(nameof(wait), wait, "The wait must be 0 to 20 seconds.");
        }

        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var messages = ReceiveVisible(maxMessages);
            if (messages.Count > 0 || time.GetUtcNow() >= deadline)
            {
                return messages;
            }

            await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<SourceMessage>> DeleteAsync(IReadOnlyList<SourceMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failed = new List<SourceMessage>();
        foreach (var message in messages)
        {
            if (!TryResolveOwned(message, "delete", out var source))
            {
                continue;
            }

            if (!IsCurrentReceipt(message))
            {
                failed.Add(message);
                continue;
            }

            if (File.Exists(source))
            {
                LocalPaths.TryResolve(paths.Delivered, message.MessageId, out var destination);
                LocalPaths.MoveKeepingBoth(source, destination, time.GetUtcNow());
            }

            Forget(message.MessageId);
        }

        return Task.FromResult<IReadOnlyList<SourceMessage>>(failed);
    }

    public Task ChangeVisibilityAsync(SourceMessage message, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (visibility < TimeSpan.Zero || visibility > TimeSpan.FromHours(12))
        {
            throw new ArgumentOutOfRangeException(nameof(visibility), visibility, "The visibility must be 0 to 12 hours.");
        }

        lock (_gate)
        {
            if (!_entries.TryGetValue(message.MessageId, out var entry) || entry.Receipt != message.ReceiptHandle)
            {
                throw new DeliveryException(
                    DeliveryErrorClass.Transient, "local:ChangeVisibility", "", message.MessageId, "the receipt handle is no longer current");
            }

            entry.InvisibleUntil = time.GetUtcNow() + visibility;
        }

        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<SourceMessage>> ExtendVisibilityAsync(IReadOnlyList<SourceMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var failed = new List<SourceMessage>();
        foreach (var message in messages)
        {
            try
            {
                await ChangeVisibilityAsync(message, visibility, cancellationToken).ConfigureAwait(false);
            }
            catch (DeliveryException)
            {
                failed.Add(message);
            }
        }

        return failed;
    }

    public async Task DeadLetterAsync(SourceMessage message, DeadLetter deadLetter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(deadLetter);
        if (!TryResolveOwned(message, "dead-letter", out var source))
        {
            return;
        }

        if (File.Exists(source))
        {
            LocalPaths.TryResolve(paths.DeadLetter, message.MessageId, out var destination);
            var moved = LocalPaths.MoveKeepingBoth(source, destination, time.GetUtcNow());
            var reason = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"reason: {deadLetter.Reason}\n")
                .Append(CultureInfo.InvariantCulture, $"class: {deadLetter.ErrorClass}\n")
                .Append(CultureInfo.InvariantCulture, $"tenant: {deadLetter.Tenant}\n")
                .Append(CultureInfo.InvariantCulture, $"object: {deadLetter.ObjectKey}\n")
                .Append(CultureInfo.InvariantCulture, $"receives: {message.ApproximateReceiveCount}\n")
                .Append(CultureInfo.InvariantCulture, $"at: {time.GetUtcNow():O}\n")
                .ToString();
            // Written beside and renamed into place, so that whoever sees the reason file sees all of it.
            var reasonFile = moved + ".reason.txt";
            await File.WriteAllTextAsync(reasonFile + ".tmp", reason, cancellationToken).ConfigureAwait(false);
            File.Move(reasonFile + ".tmp", reasonFile, overwrite: true);
            LogDeadLettered(logger, message.MessageId, deadLetter.ErrorClass, deadLetter.Reason);
        }
        else
        {
            LogNothingToDeadLetter(logger, message.MessageId, deadLetter.Reason);
        }

        Forget(message.MessageId);
    }

    /// <summary>The S3 event S3 would send for a file: one ObjectCreated:Put record with the URL-encoded key.</summary>
    internal static string EventBody(string key, long size, DateTimeOffset modified)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("Records");
            json.WriteStartObject();
            json.WriteString("eventVersion", "2.1");
            json.WriteString("eventSource", "aws:s3");
            json.WriteString("eventTime", modified.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("eventName", "ObjectCreated:Put");
            json.WriteStartObject("s3");
            json.WriteStartObject("bucket");
            json.WriteString("name", Bucket);
            json.WriteEndObject();
            json.WriteStartObject("object");
            json.WriteString("key", string.Join('/', key.Split('/').Select(Uri.EscapeDataString)));
            json.WriteNumber("size", size);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private List<SourceMessage> ReceiveVisible(int maxMessages)
    {
        var now = time.GetUtcNow();
        var messages = new List<SourceMessage>();
        if (!Directory.Exists(paths.Staging))
        {
            return messages;
        }

        var candidates = new DirectoryInfo(paths.Staging)
            .EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => f.LastWriteTimeUtc <= (now - SettleTime).UtcDateTime)
            .OrderBy(f => f.LastWriteTimeUtc)
            .ThenBy(f => f.FullName, StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var file in candidates)
            {
                var key = LocalPaths.KeyOf(paths.Staging, file.FullName);
                if (_entries.TryGetValue(key, out var entry) && entry.InvisibleUntil > now)
                {
                    continue;
                }

                if (!LocalPaths.TryResolve(paths.Staging, key, out _))
                {
                    // It could never be settled, so it would come back forever: leave it where it is, and say so once.
                    if (_unusable.Add(key))
                    {
                        LogRefusedEscape(logger, "receive", key);
                    }

                    continue;
                }

                // Settled by another receive loop since the directory was listed.
                if (!File.Exists(file.FullName))
                {
                    continue;
                }

                entry ??= new LocalMessageState();
                entry.Receives++;
                entry.Receipt = Guid.NewGuid().ToString("N");
                entry.InvisibleUntil = now + options.Value.VisibilityTimeout;
                _entries[key] = entry;
                messages.Add(new SourceMessage(key, entry.Receipt, EventBody(key, file.Length, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)), entry.Receives));
                if (messages.Count == maxMessages)
                {
                    break;
                }
            }
        }

        return messages;
    }

    private bool TryResolveOwned(SourceMessage message, string operation, out string source)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (LocalPaths.TryResolve(paths.Staging, message.MessageId, out source))
        {
            return true;
        }

        LogRefusedEscape(logger, operation, message.MessageId);
        return false;
    }

    private bool IsCurrentReceipt(SourceMessage message)
    {
        lock (_gate)
        {
            // A message no longer tracked was already settled: deleting it again succeeds.
            return !_entries.TryGetValue(message.MessageId, out var entry) || entry.Receipt == message.ReceiptHandle;
        }
    }

    private void Forget(string key)
    {
        lock (_gate)
        {
            _entries.Remove(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to {Operation} '{Key}': the path does not resolve to a file inside the staging directory")]
    private static partial void LogRefusedEscape(ILogger logger, string operation, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nothing to dead-letter for {Key}: the file is no longer in staging ({Reason})")]
    private static partial void LogNothingToDeadLetter(ILogger logger, string key, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {Key} to dead-letter/ ({ErrorClass}): {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string key, DeliveryErrorClass errorClass, string reason);
}
