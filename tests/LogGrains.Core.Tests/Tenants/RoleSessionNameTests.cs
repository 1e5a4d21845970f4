using CsCheck;
using LogGrains.Core.Tenants;

namespace LogGrains.Core.Tests.Tenants;

public class RoleSessionNameTests
{
    private static void AssertValidStsName(string name)
    {
        Assert.InRange(name.Length, 2, 64);
        Assert.All(name, c => Assert.True(char.IsAsciiLetterOrDigit(c) || "_+=,.@-".Contains(c, StringComparison.Ordinal), $"'{c}' in {name}"));
    }

    [Fact]
    public void Short_safe_tenant_id_is_used_verbatim()
    {
        Assert.Equal("loggrains-acme-corp_1.eu", RoleSessionName.For("acme-corp_1.eu"));
    }

    [Fact]
    public void Long_tenant_id_is_truncated_with_a_stable_hash()
    {
        var id = new string('x', 200);

        var name = RoleSessionName.For(id);

        AssertValidStsName(name);
        Assert.Equal(64, name.Length);
        Assert.StartsWith("loggrains-xxxx", name, StringComparison.Ordinal);
        Assert.Equal(name, RoleSessionName.For(id));
        Assert.NotEqual(name, RoleSessionName.For(new string('x', 199) + "y"));
    }

    [Fact]
    public void Id_at_the_verbatim_bound_is_verbatim_and_one_more_is_hashed()
    {
        Assert.Equal(64, RoleSessionName.For(new string('a', RoleSessionName.MaxVerbatimIdLength)).Length);
        Assert.DoesNotContain('@', RoleSessionName.For(new string('a', RoleSessionName.MaxVerbatimIdLength)));
        Assert.Contains('@', RoleSessionName.For(new string('a', RoleSessionName.MaxVerbatimIdLength + 1)));
    }

    [Fact]
    public void Sanitized_ids_stay_distinct()
    {
        Assert.NotEqual(RoleSessionName.For("a/b"), RoleSessionName.For("a b"));
        Assert.NotEqual(RoleSessionName.For("a/b"), RoleSessionName.For("a_b"));
        AssertValidStsName(RoleSessionName.For("ünïcødé 租户"));
    }

    [Fact]
    public void Empty_tenant_id_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RoleSessionName.For(""));
    }

    [Fact]
    public void Names_are_valid_and_distinct_over_10000_random_tenant_ids()
    {
        var safe = Gen.Char["abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"];
        var id = Gen.OneOf(
            safe.Array[1, 80].Select(a => new string(a)),
            Gen.String[1, 100],
            safe.Array[0, 20].Select(a => new string('t', 60) + new string(a)));

        Check.Sample(id.HashSet[10_000], ids =>
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tenant in ids)
            {
                var name = RoleSessionName.For(tenant);
                AssertValidStsName(name);
                Assert.Equal(name, RoleSessionName.For(tenant));
                Assert.True(names.Add(name), $"'{tenant}' collides on {name}");
            }
        }, iter: 3, threads: 1);
    }
}
