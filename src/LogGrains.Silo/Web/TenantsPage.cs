namespace LogGrains.Silo.Web;

/// <summary>
/// The <c>/tenants</c> page: one static HTML file whose script (<c>tenants.js</c>, <see cref="WebAssets"/>) reads
/// <c>/api/tenants</c> and <c>/api/tenants/sparklines</c> every 2 s and draws a row, with a sparkline, per tenant.
/// </summary>
internal static class TenantsPage
{
    private static readonly Lazy<byte[]> Html = new(() => WebAssets.Resource("TenantsPage.html"));

    public static IResult Serve(HttpContext context) => WebAssets.Page(context, Html.Value);
}
