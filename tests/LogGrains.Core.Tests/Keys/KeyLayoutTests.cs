using LogGrains.Core.Keys;

namespace LogGrains.Core.Tests.Keys;

public class KeyLayoutTests
{
    private const string GoodKey = "acme-corp/c-2f9a/payments/payments-7d9f8c-x2x9z/1764158400-5b1c.json.gz";

    [Fact]
    public void Default_layout_splits_a_collector_key()
    {
        Assert.True(KeyLayout.Default.TryParse(GoodKey, out var key, out var rejection), rejection?.Message);
        Assert.Equal(new ObjectKey("acme-corp", "c-2f9a", "payments", "payments-7d9f8c-x2x9z", "1764158400-5b1c.json.gz", GoodKey), key);
    }

    [Fact]
    public void Cluster_first_layout_takes_the_tenant_from_the_second_segment()
    {
        var layout = KeyLayout.Create("{cluster_id}/{customer_id}/{application}/{pod_name}/{file}");
        Assert.True(layout.TryParse("c-2f9a/acme-corp/payments/pod-1/f.json.gz", out var key, out _));
        Assert.Equal("acme-corp", key.Tenant);
        Assert.Equal("c-2f9a", key.ClusterId);
        Assert.Equal("payments", key.Application);
        Assert.Equal("pod-1", key.PodName);
        Assert.Equal("f.json.gz", key.FileName);
    }

    [Fact]
    public void Tenant_alias_and_literal_segments_are_supported()
    {
        var layout = KeyLayout.Create("logs/{tenant}/{application}/{pod_name}/{file}");
        Assert.True(layout.TryParse("logs/acme/api/api-1/f.gz", out var key, out _));
        Assert.Equal("acme", key.Tenant);
        Assert.Equal("", key.ClusterId);

        Assert.False(layout.TryParse("other/acme/api/api-1/f.gz", out _, out var rejection));
        Assert.Equal(KeyRejectionReason.LiteralMismatch, rejection.Reason);
        Assert.Contains("literal 'logs'", rejection.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme/c1/api/f.gz", KeyRejectionReason.WrongSegmentCount, "4 segment(s)")]
    [InlineData("acme/c1/api/pod/extra/f.gz", KeyRejectionReason.WrongSegmentCount, "6 segment(s)")]
    [InlineData("/c1/api/pod/f.gz", KeyRejectionReason.EmptySegment, "segment 1 ({customer_id})")]
    [InlineData("acme/c1//pod/f.gz", KeyRejectionReason.EmptySegment, "segment 3 ({application})")]
    [InlineData("acme/c1/api/ /f.gz", KeyRejectionReason.EmptySegment, "segment 4 ({pod_name})")]
    [InlineData("acme/c1/api/pod/", KeyRejectionReason.EmptySegment, "segment 5 ({file})")]
    [InlineData("acme/../api/pod/f.gz", KeyRejectionReason.DotSegment, "segment 2 ({cluster_id}) is '..'")]
    [InlineData("acme/c1/./pod/f.gz", KeyRejectionReason.DotSegment, "segment 3 ({application}) is '.'")]
    [InlineData("acme/c1/api/po\nd/f.gz", KeyRejectionReason.ControlCharacter, "segment 4 ({pod_name}) contains the control character U+000A")]
    [InlineData("acme/c1/api/pod/f\u0000.gz", KeyRejectionReason.ControlCharacter, "U+0000")]
    [InlineData("acme/c1/api/pod/f\u0085.gz", KeyRejectionReason.ControlCharacter, "U+0085")]
    [InlineData("ac me/c1/api/pod/f.gz", KeyRejectionReason.InvalidTenantId, "segment 1 ({customer_id}) 'ac me'")]
    [InlineData("-acme/c1/api/pod/f.gz", KeyRejectionReason.InvalidTenantId, "'-acme'")]
    [InlineData("acmé/c1/api/pod/f.gz", KeyRejectionReason.InvalidTenantId, "'acmé'")]
    [InlineData("", KeyRejectionReason.EmptySegment, "empty")]
    public void Malformed_key_is_rejected_permanently_with_the_segment_named(string decodedKey, KeyRejectionReason reason, string named)
    {
        Assert.False(KeyLayout.Default.TryParse(decodedKey, out var key, out var rejection));
        Assert.Null(key);
        Assert.Equal(reason, rejection.Reason);
        Assert.Contains(named, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogate_in_a_segment_is_rejected()
    {
        Assert.False(KeyLayout.Default.TryParse("acme/c1/api/pod/f\ud800.gz", out _, out var rejection));
        Assert.Equal(KeyRejectionReason.InvalidCharacter, rejection.Reason);
        Assert.Contains("segment 5 ({file})", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_longer_than_the_bound_is_rejected()
    {
        var pod = new string('p', KeyLayout.MaxSegmentLength + 1);
        Assert.False(KeyLayout.Default.TryParse($"acme/c1/api/{pod}/f.gz", out _, out var rejection));
        Assert.Equal(KeyRejectionReason.SegmentTooLong, rejection.Reason);
        Assert.Contains("segment 4 ({pod_name}) is 256 characters", rejection.Message, StringComparison.Ordinal);

        var atBound = new string('p', KeyLayout.MaxSegmentLength);
        Assert.True(KeyLayout.Default.TryParse($"acme/c1/api/{atBound}/f.gz", out _, out _));
    }

    [Fact]
    public void Tenant_id_of_128_characters_is_accepted_and_129_rejected()
    {
        Assert.True(KeyLayout.Default.TryParse($"{new string('a', 128)}/c/a/p/f", out _, out _));
        Assert.False(KeyLayout.Default.TryParse($"{new string('a', 129)}/c/a/p/f", out _, out var rejection));
        Assert.Equal(KeyRejectionReason.InvalidTenantId, rejection.Reason);
    }

    [Fact]
    public void Unicode_and_spaces_in_pod_and_file_are_kept()
    {
        Assert.True(KeyLayout.Default.TryParse("acme/c1/api/pöd 1/日志 file.gz", out var key, out _));
        Assert.Equal("pöd 1", key.PodName);
        Assert.Equal("日志 file.gz", key.FileName);
    }

    [Theory]
    [InlineData("{cluster_id}/{application}/{pod_name}/{file}", "{customer_id}")]
    [InlineData("{customer_id}/{cluster_id}/{pod_name}/{file}", "{application}")]
    [InlineData("{customer_id}/{cluster_id}/{application}/{file}", "{pod_name}")]
    [InlineData("{customer_id}/{cluster_id}/{application}/{pod_name}", "{file}")]
    [InlineData("{customer_id}/{namespace}/{application}/{pod_name}/{file}", "unknown placeholder")]
    [InlineData("{customer_id}/{tenant}/{application}/{pod_name}/{file}", "repeats")]
    [InlineData("{customer_id}/{application}/{application}/{pod_name}/{file}", "repeats")]
    [InlineData("{customer_id}/x{cluster_id}/{application}/{pod_name}/{file}", "mixes text")]
    [InlineData("{customer_id}//{application}/{pod_name}/{file}", "segment 2")]
    [InlineData("", "empty")]
    public void Unusable_template_is_refused_with_a_reason(string template, string named)
    {
        Assert.False(KeyLayout.TryCreate(template, out var layout, out var reason));
        Assert.Null(layout);
        Assert.Contains(named, reason, StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => KeyLayout.Create(template));
        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_without_cluster_id_is_accepted()
    {
        var layout = KeyLayout.Create("{customer_id}/{application}/{pod_name}/{file}");
        Assert.Equal(4, layout.SegmentCount);
        Assert.True(layout.TryParse("acme/api/pod/f.gz", out var key, out _));
        Assert.Equal("", key.ClusterId);
    }
}
