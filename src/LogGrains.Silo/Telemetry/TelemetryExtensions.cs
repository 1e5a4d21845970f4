using System.ComponentModel.DataAnnotations;
using LogGrains.Grains.Metrics;
using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace LogGrains.Silo.Telemetry;

/// <summary>
/// Metrics and structured logs: the LogGrains and Orleans meters exported in Prometheus text format on
/// <c>/metrics</c>, and the console log format (<c>LogGrains:Logging:Format</c>).
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The name of Orleans' own meter in the shipped 10.4.2 assemblies.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>The scrape path; open, without a token, for Prometheus.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>
    /// Log levels the silo starts from, below every other configuration source, so that <c>Logging__LogLevel__*</c>
    /// overrides them: ASP.NET Core writes four Information lines for every HTTP request, and the kubelet's probes and
    /// Prometheus' scrapes would fill a quiet silo's log with them; Orleans writes two through Polly for every grain
    /// placement ("Execution attempt", "Resilience pipeline executed"), 80 % of a busy silo's lines in the load harness
    /// and two per stream grain activated.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
    };

    /// <summary>The setting that chooses the console log format: <c>json</c> or <c>text</c>.</summary>
    public const string LogFormatSetting = "LogGrains:Logging:Format";

    /// <summary>
    /// Registers the meter provider (LogGrains and Orleans meters, Orleans' series per instrument capped by
    /// <c>LogGrains:Metrics:MaxOrleansSeries</c>, Prometheus exporter), the poller's observable
    /// counters, and the console log format: one JSON object per line with UTC timestamps and scopes by default in the
    /// aws profile, a readable single line in the local profile; <c>LogGrains:Logging:Format</c> overrides. ASP.NET
    /// Core's per-request lines and Orleans' placement lines through Polly start at Warning (<see cref="DefaultLogLevels"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A telemetry setting is wrong; the message names it.</exception>
    public static WebApplicationBuilder AddLogGrainsTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var metricsOptions = CheckMetricsSettings(builder.Configuration);
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLogLevels });
        var json = UsesJsonLogs(builder.Configuration);
        if (json)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff'Z' ";
            });
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("loggrains"))
            .WithMetrics(metrics => metrics
                .AddMeter(LogGrainsMetrics.MeterName, OrleansMeterName)
                .AddView(instrument => instrument.Meter.Name == OrleansMeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = metricsOptions.MaxOrleansSeries }
                    : null)
                .AddPrometheusExporter());
        builder.Services.AddHostedService<PollerMetrics>();
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> (Prometheus text format) without authentication: scrapers carry no token.</summary>
    public static WebApplication MapLogGrainsTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    /// <summary>Whether the console writes JSON: <c>LogGrains:Logging:Format</c>, else json in the aws profile and text otherwise.</summary>
    /// <exception cref="InvalidOperationException">The format is neither json nor text.</exception>
    internal static bool UsesJsonLogs(IConfiguration configuration)
    {
        var format = configuration[LogFormatSetting];
        if (string.IsNullOrWhiteSpace(format))
        {
            return string.Equals(configuration["LogGrains:Profile"], "aws", StringComparison.OrdinalIgnoreCase);
        }

        return format.Trim() switch
        {
            var f when f.Equals("json", StringComparison.OrdinalIgnoreCase) => true,
            var f when f.Equals("text", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw new InvalidOperationException($"{LogFormatSetting} '{format}' is unknown: use 'json' or 'text'."),
        };
    }

    /// <summary>Reads and checks <c>LogGrains:Metrics</c> before the host is built, so that start-up ends with one line naming the setting.</summary>
    internal static LogGrainsMetricsOptions CheckMetricsSettings(IConfiguration configuration)
    {
        var section = configuration.GetSection(LogGrainsMetricsOptions.Section);
        LogGrainsMetricsOptions options;
        try
        {
            options = section.Get<LogGrainsMetricsOptions>() ?? new LogGrainsMetricsOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"LogGrains:Metrics:MaxTenants and MaxOrleansSeries must be whole numbers: {e.Message}", e);
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new InvalidOperationException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        return options;
    }
}
