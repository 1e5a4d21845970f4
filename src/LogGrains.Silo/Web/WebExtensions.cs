using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace LogGrains.Silo.Web;

/// <summary>
/// The silo's web surface on <c>LogGrains:Web:Port</c>: <c>/healthz</c> and <c>/readyz</c> (open), the tenants page
/// <c>/tenants</c> and its JSON <c>/api/tenants</c>, and the Orleans Dashboard under <c>/dashboard</c> (admin surfaces,
/// guarded by <c>LogGrains:Web:AdminToken</c>).
/// </summary>
public static class WebExtensions
{
    /// <summary>Where the Orleans Dashboard is mapped.</summary>
    public const string DashboardPrefix = "/dashboard";

    /// <summary>
    /// Binds <see cref="WebOptions"/> (validated at start-up), adds the Orleans Dashboard to the silo that the profile
    /// configured, and runs the tenant rate sampler. Call after the profile's <c>AddLogGrains</c>.
    /// </summary>
    public static WebApplicationBuilder AddLogGrainsWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<WebOptions>().BindConfiguration(WebOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AdminGate>();
        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ITenantStatsReader, GrainTenantStatsReader>();
        services.AddSingleton<TenantRateSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantRateSampler>());

        // UseOrleans configures the one silo the profile already added.
        builder.UseOrleans(silo => silo.AddDashboard());
        return builder;
    }

    /// <summary>Maps the health, readiness, tenants and dashboard endpoints behind the admin gate.</summary>
    public static WebApplication MapLogGrainsWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var gate = app.Services.GetRequiredService<AdminGate>();
        gate.WarnIfOpen(app.Configuration["LogGrains:Profile"] ?? "local");
        app.UseMiddleware<AdminGate>();

        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (SiloReadiness readiness) => readiness.NotReadyReason() is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
        app.MapGet("/tenants", TenantsPage.Serve);
        app.MapGet("/api/tenants", async (ITenantStatsReader reader, TenantRateSampler sampler, TimeProvider time, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            IReadOnlyList<TenantStatsEntry> entries;
            try
            {
                entries = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException)
            {
                return Results.Text($"tenant counters are unavailable: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Json(TenantsReport.Build(entries, sampler.Rates(), sampler.Window, sampler.Interval, time.GetUtcNow()));
        });
        app.MapOrleansDashboard(DashboardPrefix);
        return app;
    }
}
