using System.Runtime.CompilerServices;
using LogGrains.Cli;
using Spectre.Console;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>Runs the <c>loggrains</c> command line in-process with captured output and the given settings.</summary>
internal static class CliRun
{
    /// <summary>The AWS adapters take the default credential chain, as on Kubernetes; here it finds moto's test keys.</summary>
    [ModuleInitializer]
    internal static void UseMotoCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public static async Task<CliResult> RunWithInputAsync(
        IReadOnlyDictionary<string, string?> settings, string input, TimeProvider? time, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        var context = new CliContext(console, error, new StringReader(input), settings, time ?? TimeProvider.System);
        var exit = await LogGrainsCli.RunAsync(args, context, LogGrains.Silo.Hosting.SiloApp.RunAsync, CancellationToken.None);
        return new CliResult(exit, output.ToString(), error.ToString());
    }

    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args) =>
        RunWithInputAsync(settings, "", null, args);
}

/// <summary>What one command line run printed and returned.</summary>
internal sealed record CliResult(int Exit, string Out, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}
