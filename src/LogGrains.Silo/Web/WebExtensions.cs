namespace LogGrains.Silo.Web;

/// <summary>The silo's web surface: health and readiness, the tenants page and API, the Orleans Dashboard.</summary>
public static class WebExtensions
{
    /// <summary>Registers the services the web endpoints need.</summary>
    public static WebApplicationBuilder AddLogGrainsWeb(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>Maps the web endpoints.</summary>
    public static WebApplication MapLogGrainsWeb(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Ok("ok"));
        return app;
    }
}
