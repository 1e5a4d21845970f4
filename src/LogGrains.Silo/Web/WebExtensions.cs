using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace LogGrains.Silo.Web;

/// <summary>
/// The silo's web surface on <c>LogGrains:Web:Port</c>: <c>/healthz</c> and <c>/readyz</c> (open), the tenants page
/// <c>/tenants</c> and its JSON <c>/api/tenants</c>, and the Orleans Dashboard under <c>/dashboard</c> (admin surfaces,
/// guarded by <c>LogGrains:Web:AdminToken</c>, and by the client's address behind <c>LogGrains:Web:TrustedProxies</c>).
/// </summary>
public static class WebExtensions
{
    /// <summary>Where the Orleans Dashboard is mapped.</summary>
    public const string DashboardPrefix = "/dashboard";

    /// <summary>
    /// Registers the admin gate, adds the Orleans Dashboard to the silo that the profile
    /// configured, and runs the tenant rate sampler. Call after the profile's <c>AddLogGrains</c>.
    /// </summary>
    public static WebApplicationBuilder AddLogGrainsWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddAdminGate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ITenantStatsReader, GrainTenantStatsReader>();
        services.AddSingleton<TenantRateSampler>();
        services.AddSingleton<DashboardOnFirstRequest>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantRateSampler>());

        // UseOrleans configures the one silo the profile already added.
        builder.UseOrleans(silo => silo.AddDashboard());
        return builder;
    }

    /// <summary>Maps the health, readiness, tenants and dashboard endpoints behind the admin gate.</summary>
    /// <exception cref="InvalidOperationException">A <c>LogGrains:Web</c> setting is wrong; the message names it.</exception>
    public static WebApplication MapLogGrainsWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            _ = app.Services.GetRequiredService<IOptions<WebOptions>>().Value;
        }
        catch (OptionsValidationException e)
        {
            // The gate needs the trusted proxies to map the pipeline; SiloApp reports this as one line and exit code 2.
            throw new InvalidOperationException(string.Join(" ", e.Failures).ReplaceLineEndings(" "), e);
        }

        app.Services.GetRequiredService<AdminGate>().WarnIfOpen(app.Configuration["LogGrains:Profile"] ?? "local");
        app.UseAdminGate();

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
        app.MapTenantCharts();
        app.MapUsage();
        app.UseDashboardOnFirstRequest();
        return app;
    }

    /// <summary>Sends requests under <see cref="DashboardPrefix"/> to the dashboard, mapped by the first of them.</summary>
    private static void UseDashboardOnFirstRequest(this WebApplication app)
    {
        var dashboard = app.Services.GetRequiredService<DashboardOnFirstRequest>();
        app.Use(next => context => context.Request.Path.StartsWithSegments(DashboardPrefix, StringComparison.OrdinalIgnoreCase)
            ? dashboard.Pipeline(app).Invoke(context)
            : next(context));
    }

    /// <summary>
    /// Binds <see cref="WebOptions"/> once (checked by <see cref="WebOptionsValidator"/> at start-up) and has Kestrel
    /// listen on its one port. The profile's <c>AddLogGrains</c> calls it: every silo listens where the settings say.
    /// </summary>
    internal static IServiceCollection AddWebOptions(this IServiceCollection services)
    {
        services.AddOptions<WebOptions>()
            .BindConfiguration(WebOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.AddTrustedProxiesValue(configuration))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebOptions>, WebOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<WebOptions>>((kestrel, web) => kestrel.ListenAnyIP(web.Value.Port));
        return services;
    }

    /// <summary>
    /// Registers the admin gate, and the forwarded-headers options so that only <c>LogGrains:Web:TrustedProxies</c> may
    /// name the client. Needs <see cref="AddWebOptions"/>.
    /// </summary>
    internal static IServiceCollection AddAdminGate(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>()
            .Configure<IOptions<WebOptions>>((forwarded, web) => TrustOnly(forwarded, web.Value.ParseTrustedProxies()));
        services.AddSingleton<AdminGate>();
        return services;
    }

    /// <summary>
    /// The admin gate, after the trusted proxies' <c>X-Forwarded-For</c> has replaced the remote address with the
    /// client's (the right-most address in the chain that is not itself a trusted proxy).
    /// </summary>
    internal static IApplicationBuilder UseAdminGate(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IOptions<WebOptions>>().Value.ParseTrustedProxies().IsEmpty)
        {
            app.UseForwardedHeaders();
        }

        return app.UseMiddleware<AdminGate>();
    }

    private static void TrustOnly(ForwardedHeadersOptions forwarded, TrustedProxySet proxies)
    {
        // The defaults trust loopback, and empty lists would trust every peer; with no proxies nothing is read at all.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        forwarded.ForwardedHeaders = proxies.IsEmpty ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor;
        forwarded.ForwardLimit = null;
        foreach (var address in proxies.Addresses)
        {
            forwarded.KnownProxies.Add(address);
        }

        foreach (var network in proxies.Networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
    }
}
