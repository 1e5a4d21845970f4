using LogGrains.Core.Tenants;

namespace LogGrains.Core.Usage;

/// <summary>What one usage total is kept for: a tenant, a UTC day and a delivery type.</summary>
/// <param name="Tenant">The tenant id.</param>
/// <param name="Day">The UTC day the counted work belongs to.</param>
/// <param name="Delivery">The delivery that did the work (<c>cloudwatch</c> or <c>s3</c>).</param>
public sealed record UsageKey(string Tenant, DateOnly Day, DeliveryType Delivery)
{
    /// <summary>The delivery's name as stored and shown: <c>cloudwatch</c> or <c>s3</c>.</summary>
    public string DeliveryName => NameOf(Delivery);

    /// <summary>The UTC day of an instant.</summary>
    /// <param name="instant">Any instant; its offset is ignored.</param>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The stored name of a delivery type.</summary>
    /// <param name="delivery">The delivery type.</param>
    public static string NameOf(DeliveryType delivery) => delivery == DeliveryType.S3 ? "s3" : "cloudwatch";

    /// <summary>Reads a stored delivery name back.</summary>
    /// <param name="name"><c>cloudwatch</c> or <c>s3</c>.</param>
    /// <param name="delivery">The delivery type.</param>
    /// <returns>Whether <paramref name="name"/> is one of the two.</returns>
    public static bool TryParseDelivery(string? name, out DeliveryType delivery)
    {
        delivery = name == "s3" ? DeliveryType.S3 : DeliveryType.CloudWatch;
        return name is "s3" or "cloudwatch";
    }
}
