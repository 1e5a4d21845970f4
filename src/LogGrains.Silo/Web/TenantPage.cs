using LogGrains.Core.Tenants;

namespace LogGrains.Silo.Web;

/// <summary>
/// The <c>/tenants/{tenant}</c> page: one static HTML file whose script (<c>tenant.js</c>, <see cref="WebAssets"/>) reads
/// <c>/api/tenants/{tenant}/series</c> every sample interval and charts the tenant's events/s, bytes/s, throttles and
/// rejects over the history window, with its totals.
/// </summary>
internal static class TenantPage
{
    private static readonly Lazy<byte[]> Html = new(() => WebAssets.Resource("TenantPage.html"));

    public static IResult Serve(string tenant, HttpContext context) => TenantIdRule.IsValid(tenant)
        ? WebAssets.Page(context, Html.Value)
        : Results.Text($"Not found: '{tenant}' is not a tenant id ({TenantIdRule.Pattern}).\n", statusCode: StatusCodes.Status404NotFound);
}
