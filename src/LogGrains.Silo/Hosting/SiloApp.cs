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
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"loggrains: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (OptionsValidationException e)
            {
                await Console.Error.WriteLineAsync($"loggrains: {string.Join(" ", e.Failures)}").ConfigureAwait(false);
                return 2;
            }
            catch (Exception e) when (OptionsReader.BindFailureOrNull(e) is { } failure)
            {
                await Console.Error.WriteLineAsync($"loggrains: {failure}").ConfigureAwait(false);
                return 2;
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }
}
