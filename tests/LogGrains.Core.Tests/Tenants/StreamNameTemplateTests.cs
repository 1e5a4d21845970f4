using LogGrains.Core.Keys;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Tests.Tenants;

public class StreamNameTemplateTests
{
    private static readonly ObjectKey Key = new("acme", "c-2f9a", "payments", "payments-7d9f8c-x2x9z", "f.json.gz", "acme/c-2f9a/payments/payments-7d9f8c-x2x9z/f.json.gz");

    [Fact]
    public void Default_name_is_application_pod_and_utc_date_of_the_event_time()
    {
        var eventTime = new DateTimeOffset(2026, 11, 27, 0, 30, 0, TimeSpan.FromHours(2));

        Assert.True(StreamNameTemplate.Default.TryFormat(Key, eventTime, out var name, out var reason), reason);
        Assert.Equal("payments-payments-7d9f8c-x2x9z-2026-11-26", name);
    }

    [Fact]
    public void Every_placeholder_is_filled()
    {
        var template = StreamNameTemplate.Create("{tenant}/{customer_id}/{cluster_id}/{application}/{pod_name}/{date}");
        Assert.True(template.TryFormat(Key, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), out var name, out _));
        Assert.Equal("acme/acme/c-2f9a/payments/payments-7d9f8c-x2x9z/2026-01-02", name);
    }

    [Theory]
    [InlineData("app:1", "'payments-app:1-1970-01-01' has ':' at offset 12")]
    [InlineData("app*", "'*'")]
    public void Pod_name_producing_a_forbidden_character_is_refused(string podName, string named)
    {
        var key = Key with { PodName = podName };

        Assert.False(StreamNameTemplate.Default.TryFormat(key, DateTimeOffset.UnixEpoch, out var name, out var reason));
        Assert.Null(name);
        Assert.Contains(named, reason, StringComparison.Ordinal);
        Assert.Contains(key.Key, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_longer_than_512_characters_is_refused()
    {
        var key = Key with { PodName = new string('p', 255), Application = new string('a', 255) };
        Assert.False(StreamNameTemplate.Default.TryFormat(key, DateTimeOffset.UnixEpoch, out _, out var reason));
        Assert.Contains("522 characters", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{application}-{namespace}", "'{namespace}' is an unknown placeholder")]
    [InlineData("{application", "not closed")]
    [InlineData("logs:{application}", "':'")]
    [InlineData("{application}}", "'}'")]
    [InlineData("", "empty")]
    public void Unusable_template_is_refused(string template, string named)
    {
        Assert.False(StreamNameTemplate.TryCreate(template, out _, out var reason));
        Assert.Contains(named, reason, StringComparison.Ordinal);
    }
}
