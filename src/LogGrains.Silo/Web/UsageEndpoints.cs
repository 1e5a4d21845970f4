using LogGrains.Core.Ports;
using LogGrains.Core.Usage;

namespace LogGrains.Silo.Web;

/// <summary>
/// <c>/api/usage</c> (admin): the usage totals of one tenant or all, per UTC day and delivery, as JSON
/// (<see cref="UsageReport.ToJson"/>). Query parameters as <c>loggrains usage</c>: <c>tenant</c>, <c>from</c> and <c>to</c>
/// (<c>yyyy-MM-dd</c>; the first day of the month and today by default). A bad parameter answers 400 naming it; an
/// unreadable ledger answers 503.
/// </summary>
internal static class UsageEndpoints
{
    /// <summary>The endpoint's path, guarded by the <see cref="AdminGate"/>.</summary>
    public const string Path = "/api/usage";

    /// <summary>Maps <see cref="Path"/>.</summary>
    public static IEndpointRouteBuilder MapUsage(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, async (HttpContext context, IUsageLedger ledger, TimeProvider time) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            var parameters = context.Request.Query;
            if (!UsageQuery.TryParse(parameters["tenant"], parameters["from"], parameters["to"], time.GetUtcNow(), out var query, out var field, out var problem))
            {
                return Results.Text($"query parameter '{field}': {problem}\n", statusCode: StatusCodes.Status400BadRequest);
            }

            IReadOnlyList<UsageTotal> rows;
            try
            {
                rows = await ledger.QueryAsync(query, context.RequestAborted).ConfigureAwait(false);
            }
            catch (DeliveryException e)
            {
                return Results.Text($"usage is unavailable: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Text(new UsageReport(query, rows).ToJson(), "application/json");
        });
        return app;
    }
}
