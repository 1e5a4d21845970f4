using System.Text.Json;

namespace LogGrains.Testing.Aws;

/// <summary>Reads everything CloudWatch Logs (moto) holds for one account, for end-to-end assertions.</summary>
public static class MotoLogs
{
    /// <summary>Every event of every stream of every group in <paramref name="accountId"/>, by (group, stream), in stored order.</summary>
    public static async Task<IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>>> ReadAccountAsync(
        Uri motoEndpoint, string accountId, string region = Moto.MotoServer.Region)
    {
        using var logs = new SignedAwsHttp(motoEndpoint, "logs", accountId: accountId);
        var result = new Dictionary<(string, string), IReadOnlyList<(long, string)>>();
        foreach (var group in await PagedAsync(logs, "DescribeLogGroups", [], "logGroups", "logGroupName").ConfigureAwait(false))
        {
            var streams = await PagedAsync(logs, "DescribeLogStreams", new() { ["logGroupName"] = group }, "logStreams", "logStreamName").ConfigureAwait(false);
            foreach (var stream in streams)
            {
                result[(group, stream)] = await EventsAsync(logs, group, stream).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>
    /// Calls a paged CloudWatch Logs listing (<c>DescribeLogGroups</c>, <c>DescribeLogStreams</c>) until its last page
    /// and returns <paramref name="field"/> of every element of <paramref name="listName"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A page did not answer 200.</exception>
    public static async Task<List<string>> PagedAsync(
        SignedAwsHttp logs, string operation, Dictionary<string, string> request, string listName, string field)
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var (status, text) = await logs.PostJsonAsync($"Logs_20140328.{operation}", JsonSerializer.Serialize(request)).ConfigureAwait(false);
            if (status != 200)
            {
                throw new InvalidOperationException($"{operation} failed with HTTP {status}: {text}");
            }

            using var document = JsonDocument.Parse(text);
            if (document.RootElement.TryGetProperty(listName, out var list))
            {
                names.AddRange(list.EnumerateArray().Select(e => e.GetProperty(field).GetString()!));
            }

            token = document.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return names;
    }

    private static async Task<IReadOnlyList<(long, string)>> EventsAsync(SignedAwsHttp logs, string group, string stream)
    {
        var events = new List<(long, string)>();
        string? token = null;
        while (true)
        {
            var request = JsonSerializer.Serialize(new { logGroupName = group, logStreamName = stream, startFromHead = true, nextToken = token });
            var (status, text) = await logs.PostJsonAsync("Logs_20140328.GetLogEvents", request).ConfigureAwait(false);
            if (status != 200)
            {
                throw new InvalidOperationException($"GetLogEvents {group}/{stream} failed with HTTP {status}: {text}");
            }

            using var document = JsonDocument.Parse(text);
            var page = document.RootElement.GetProperty("events").EnumerateArray()
                .Select(e => (e.GetProperty("timestamp").GetInt64(), e.GetProperty("message").GetString()!)).ToList();
            events.AddRange(page);
            var next = document.RootElement.GetProperty("nextForwardToken").GetString();
            if (page.Count == 0 || next == token)
            {
                return events;
            }

            token = next;
        }
    }
}
