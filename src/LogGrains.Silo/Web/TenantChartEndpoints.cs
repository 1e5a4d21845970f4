using LogGrains.Core.Tenants;

namespace LogGrains.Silo.Web;

/// <summary>
/// The charts' endpoints, admin surfaces like <c>/tenants</c> (<see cref="AdminGate"/> guards every path under
/// <c>/tenants</c> and <c>/api/tenants</c>): the tenant page <c>/tenants/{tenant}</c>, its style sheet and scripts under
/// <c>/tenants/assets/</c>, <c>/api/tenants/{tenant}/series</c> (<see cref="TenantSeries"/>) and
/// <c>/api/tenants/sparklines</c> (<see cref="TenantSparklines"/>).
/// </summary>
internal static class TenantChartEndpoints
{
    public static IEndpointRouteBuilder MapTenantCharts(this IEndpointRouteBuilder app)
    {
        app.MapGet(WebAssets.Prefix + "/{file}", WebAssets.Serve);
        app.MapGet("/tenants/{tenant}", TenantPage.Serve);
        app.MapGet("/api/tenants/sparklines", (TenantRateSampler sampler, TimeProvider time, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return Results.Json(TenantSparklines.Build(sampler.History, time.GetUtcNow()));
        });
        app.MapGet("/api/tenants/{tenant}/series", SeriesAsync);
        return app;
    }

    private static async Task<IResult> SeriesAsync(
        string tenant, ITenantStatsReader reader, TenantRateSampler sampler, TimeProvider time, HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!TenantIdRule.IsValid(tenant))
        {
            return Results.Json(
                new ErrorBody($"'{tenant}' is not a tenant id: it must match {TenantIdRule.Pattern}."),
                statusCode: StatusCodes.Status400BadRequest);
        }

        IReadOnlyList<TenantStatsEntry> entries;
        try
        {
            entries = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            return Results.Json(new ErrorBody($"tenant counters are unavailable: {e.Message}"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (entries.FirstOrDefault(e => string.Equals(e.Tenant, tenant, StringComparison.Ordinal)) is not { } entry)
        {
            return Results.Json(
                new ErrorBody($"There is no tenant '{tenant}'; /api/tenants lists the tenants."),
                statusCode: StatusCodes.Status404NotFound);
        }

        var history = sampler.History;
        return Results.Json(new TenantSeries(
            tenant,
            time.GetUtcNow(),
            history.Interval.TotalSeconds,
            history.Window.TotalSeconds,
            entry.Stats,
            TenantsReport.GrainViewOf(tenant),
            history.Of(tenant)));
    }

    /// <summary>A refusal's reason, as JSON.</summary>
    private sealed record ErrorBody(string Error);
}
