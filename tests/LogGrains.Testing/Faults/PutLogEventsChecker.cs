using System.Text;
using System.Text.Json;

namespace LogGrains.Testing.Faults;

/// <summary>Checks a PutLogEvents request body against <see cref="CloudWatchLimits"/>.</summary>
public static class PutLogEventsChecker
{
    /// <summary>Returns every limit the body violates; an empty list means CloudWatch Logs would accept the request.</summary>
    public static IReadOnlyList<LimitViolation> Check(ReadOnlySpan<byte> body, CloudWatchLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var violations = new List<LimitViolation>();
        using var document = JsonDocument.Parse(body.ToArray());
        var root = document.RootElement;
        var group = root.TryGetProperty("logGroupName", out var g) ? g.GetString() ?? string.Empty : string.Empty;
        var stream = root.TryGetProperty("logStreamName", out var s) ? s.GetString() ?? string.Empty : string.Empty;
        void Flag(string limit, string detail) => violations.Add(new LimitViolation(limit, detail, group, stream));

        if (!root.TryGetProperty("logEvents", out var events) || events.ValueKind != JsonValueKind.Array || events.GetArrayLength() == 0)
        {
            Flag("MinEvents", "logEvents is missing or empty");
            return violations;
        }

        var count = events.GetArrayLength();
        if (count > limits.MaxEvents)
        {
            Flag("MaxEvents", $"{count} events > {limits.MaxEvents}");
        }

        long totalBytes = 0;
        long previous = long.MinValue;
        long min = long.MaxValue, max = long.MinValue;
        var index = 0;
        foreach (var e in events.EnumerateArray())
        {
            var timestamp = e.GetProperty("timestamp").GetInt64();
            var messageBytes = Encoding.UTF8.GetByteCount(e.GetProperty("message").GetString() ?? string.Empty);
            if (messageBytes == 0)
            {
                Flag("MinMessageLength", $"event {index} has an empty message");
            }

            var eventBytes = messageBytes + limits.PerEventOverheadBytes;
            if (eventBytes > limits.MaxEventBytes)
            {
                Flag("MaxEventBytes", $"event {index} is {eventBytes} bytes > {limits.MaxEventBytes}");
            }

            if (timestamp < previous)
            {
                Flag("ChronologicalOrder", $"event {index} at {timestamp} comes after {previous}");
            }

            totalBytes += eventBytes;
            previous = timestamp;
            min = Math.Min(min, timestamp);
            max = Math.Max(max, timestamp);
            index++;
        }

        if (totalBytes > limits.MaxBatchBytes)
        {
            Flag("MaxBatchBytes", $"{totalBytes} counted bytes > {limits.MaxBatchBytes}");
        }

        var span = TimeSpan.FromMilliseconds(max - min);
        if (span > limits.MaxSpan)
        {
            Flag("MaxSpan", $"events span {span} > {limits.MaxSpan}");
        }

        return violations;
    }
}
