using LogGrains.Grains.Hosting;
using LogGrains.Silo.Telemetry;
using Microsoft.Extensions.Options;
using LogGrains.Silo.Web;

namespace LogGrains.Silo.Hosting;

/// <summary>Builds and runs the silo's web application: the profile's silo, telemetry and the web endpoints.</summary>
public static class SiloApp
{
    /// <summary>Builds the application; <paramref name="configure"/> may add settings before the profile reads them.</summary>
    /// <exception cref="InvalidOperationException">The profile is unknown or a setting is wrong; the message names it.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddLogGrains();
        builder.AddLogGrainsTelemetry();
        builder.AddLogGrainsWeb();
        var app = builder.Build();
        app.MapLogGrainsWeb();
        app.MapLogGrainsTelemetry();
        return app;
    }

    /// <summary>Runs a silo until it is stopped; a wrong setting ends start-up with one line on standard error and exit code 2.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = Build(args);
        }
        catch (Exception e) when (SettingFailure(e, building: true) is { } failure)
        {
            await Console.Error.WriteLineAsync($"loggrains: {failure}").ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (SettingFailure(e, building: false) is { } failure)
            {
                await Console.Error.WriteLineAsync($"loggrains: {failure}").ConfigureAwait(false);
                return 2;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// The one line that says which setting is wrong, or null when <paramref name="exception"/> is not about a setting:
    /// a validator's failures, a value the binder cannot convert, and while building the wiring's own
    /// <see cref="InvalidOperationException"/> (whose message names the setting).
    /// </summary>
    private static string? SettingFailure(Exception exception, bool building) => exception switch
    {
        OptionsValidationException e => string.Join(" ", e.Failures).ReplaceLineEndings(" "),
        _ when OptionsReader.BindFailureOrNull(exception) is { } failure => failure.ReplaceLineEndings(" "),
        InvalidOperationException e when building => e.Message.ReplaceLineEndings(" "),
        _ => null,
    };
}
