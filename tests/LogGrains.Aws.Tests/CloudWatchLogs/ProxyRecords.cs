using LogGrains.Testing.Faults;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

/// <summary>
/// The proxy records a forwarded request only after it has written the response, so the client can see the
/// answer a moment before the record exists. Counts are therefore read once the expected number has arrived
/// (or a generous deadline has passed, which then fails the assertion that follows).
/// </summary>
internal static class ProxyRecords
{
    public static async Task<int> CountWhenSettledAsync(this AwsFaultProxy proxy, string service, string? operation, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (proxy.Count(service, operation) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return proxy.Count(service, operation);
    }

    public static async Task<List<RecordedRequest>> RequestsWhenSettledAsync(this AwsFaultProxy proxy, string service, string operation, int expected)
    {
        await proxy.CountWhenSettledAsync(service, operation, expected);
        return [.. proxy.Requests.Where(r => r.Info.Service == service && r.Info.Operation == operation)];
    }
}
