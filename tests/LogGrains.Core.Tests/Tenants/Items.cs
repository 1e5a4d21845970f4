using LogGrains.Core.Tenants;

namespace LogGrains.Core.Tests.Tenants;

internal static class Items
{
    public const string CustomerRole = "arn:aws:iam::444455556666:role/loggrains-delivery";
    public static readonly TenantDefaults Defaults = new("eu-west-1", "111122223333");

    public static TenantItem Make(params (string Name, TenantAttribute Value)[] attributes) =>
        new(attributes.Select(a => KeyValuePair.Create(a.Name, a.Value)));

    public static TenantAttribute S(string value) => TenantAttribute.S(value);

    /// <summary>The seed's single-record shape: no type, no enabled, no region, no external id.</summary>
    public static TenantItem Seed(string tenant = "acme", params (string, TenantAttribute)[] extra) =>
        Make([
            ("tenant_id", S(tenant)),
            ("log_distribution_role_arn", S(CustomerRole)),
            ("log_group_name", S("/rosa/acme/cluster-logs")),
            .. extra,
        ]);

    public static TenantItem With(TenantItem item, string name, TenantAttribute? value)
    {
        var attributes = item.ToDictionary(a => a.Key, a => a.Value);
        if (value is null)
        {
            attributes.Remove(name);
        }
        else
        {
            attributes[name] = value;
        }

        return new TenantItem(attributes);
    }

    public static TenantItem S3(string tenant = "acme") =>
        Make(
            ("tenant_id", S(tenant)),
            ("type", S("s3")),
            ("log_distribution_role_arn", S(CustomerRole)),
            ("bucket_name", S("acme-log-archive")));
}
