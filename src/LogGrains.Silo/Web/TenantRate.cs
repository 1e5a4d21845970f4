namespace LogGrains.Silo.Web;

/// <summary>A tenant's throughput over the rate window.</summary>
/// <param name="EventsPerSecond">Events accepted per second.</param>
/// <param name="BytesPerSecond">Message bytes accepted per second.</param>
/// <param name="SpanSeconds">The time between the two samples the rate comes from (0 with fewer than two samples).</param>
/// <param name="WaitSeconds">
/// The mean time the tenant's objects that started delivery in the window waited in the silos' pollers for their turn;
/// null when none started.
/// </param>
internal readonly record struct TenantRate(double EventsPerSecond, double BytesPerSecond, double SpanSeconds, double? WaitSeconds = null)
{
    public static readonly TenantRate None = new(0, 0, 0);
}
