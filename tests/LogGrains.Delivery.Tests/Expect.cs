using System.Security.Cryptography;
using System.Text;

namespace LogGrains.Delivery.Tests;

/// <summary>Assertions over what reached CloudWatch Logs, by counting and hashing.</summary>
internal static class Expect
{
    /// <summary>
    /// The stream of each file is <c>{application}-{pod}-{date}</c> in the tenant's group; events come back in
    /// timestamp order (timestamps are unique per test) and must equal the files' events exactly, once each.
    /// </summary>
    public static void ExactlyDelivered(
        IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>> actual,
        string group,
        IEnumerable<StagedFile> files)
    {
        var expected = files
            .GroupBy(f => $"{f.Application}-{f.Pod}-")
            .ToDictionary(g => g.Key, g => g.SelectMany(f => f.Events).OrderBy(e => e.Timestamp).ToList());
        var inGroup = actual.Where(a => a.Key.Group == group).ToList();
        Assert.Equal(expected.Keys.Order(), inGroup.Select(a => StreamPrefix(a.Key.Stream)).Order());
        foreach (var (key, events) in inGroup)
        {
            var want = expected[StreamPrefix(key.Stream)];
            var got = events.OrderBy(e => e.Timestamp).ToList();
            Assert.True(want.Count == got.Count, $"stream {key.Stream}: {got.Count} events, expected {want.Count}");
            Assert.Equal(Hash(want), Hash(got));
            Assert.Equal(want, got);
        }
    }

    public static int EventCount(IReadOnlyDictionary<(string Group, string Stream), IReadOnlyList<(long Timestamp, string Message)>> actual) =>
        actual.Values.Sum(v => v.Count);

    private static string StreamPrefix(string stream) => stream[..(stream.Length - "yyyy-MM-dd".Length)];

    private static string Hash(IEnumerable<(long Timestamp, string Message)> events)
    {
        var text = string.Join("\n", events.Select(e => $"{e.Timestamp}\t{e.Message}"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
