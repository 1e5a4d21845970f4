using CsCheck;
using LogGrains.Core.Keys;

namespace LogGrains.Core.Tests.Keys;

public class S3KeyDecodingTests
{
    [Theory]
    [InlineData("acme/c1/api/api-7d9f/file+name.json.gz", "acme/c1/api/api-7d9f/file name.json.gz")]
    [InlineData("acme/c1/api/api-7d9f/a%2Fb.gz", "acme/c1/api/api-7d9f/a/b.gz")]
    [InlineData("acme/c1/api/api-7d9f/a%252Fb.gz", "acme/c1/api/api-7d9f/a%2Fb.gz")]
    [InlineData("acme/c1/api/api-7d9f/a%2Bb.gz", "acme/c1/api/api-7d9f/a+b.gz")]
    [InlineData("acme/c1/api/api-7d9f/h%C3%A9llo+w%C3%B6rld+%F0%9F%93%A6.gz", "acme/c1/api/api-7d9f/héllo wörld 📦.gz")]
    [InlineData("acme/c1/api/api-7d9f/%e2%82%ac.gz", "acme/c1/api/api-7d9f/€.gz")]
    [InlineData("plain", "plain")]
    public void Event_key_is_decoded_exactly_once(string eventKey, string expected)
    {
        Assert.True(S3KeyDecoding.TryDecode(eventKey, out var decoded, out var reason), reason);
        Assert.Equal(expected, decoded);
    }

    [Fact]
    public void Double_encoded_escape_stays_encoded_after_one_decode()
    {
        Assert.True(S3KeyDecoding.TryDecode("t/c/a/p/x%25252F", out var once, out _));
        Assert.Equal("t/c/a/p/x%252F", once);
    }

    [Theory]
    [InlineData("a/b%2", "'%2'")]
    [InlineData("a/b%", "'%'")]
    [InlineData("a/b%zz/c", "'%zz'")]
    [InlineData("a/b%G1", "'%G1'")]
    public void Invalid_percent_escape_is_refused_not_guessed(string eventKey, string named)
    {
        Assert.False(S3KeyDecoding.TryDecode(eventKey, out var decoded, out var reason));
        Assert.Null(decoded);
        Assert.Contains("invalid percent escape", reason, StringComparison.Ordinal);
        Assert.Contains(named, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/%C3")]
    [InlineData("a/%C3%28")]
    [InlineData("a/%FF")]
    [InlineData("a/%ED%A0%80")]
    public void Escapes_that_are_not_utf8_are_refused(string eventKey)
    {
        Assert.False(S3KeyDecoding.TryDecode(eventKey, out _, out var reason));
        Assert.Contains("not valid UTF-8", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_key_is_refused()
    {
        Assert.False(S3KeyDecoding.TryDecode("", out _, out var reason));
        Assert.Contains("empty", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Unpaired_surrogate_in_event_key_is_refused()
    {
        Assert.False(S3KeyDecoding.TryDecode("a/\ud800b", out _, out var reason));
        Assert.Contains("surrogate", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_key_encoded_as_S3_does_round_trips()
    {
        var gen = Gen.String[1, 60].Where(s => !s.Any(char.IsSurrogate));
        Check.Sample(gen, key =>
        {
            var encoded = Uri.EscapeDataString(key).Replace("%20", "+", StringComparison.Ordinal);
            Assert.True(S3KeyDecoding.TryDecode(encoded, out var decoded, out var reason), reason);
            Assert.Equal(key, decoded);
        }, iter: 2000);
    }
}
