using System.Diagnostics;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// Runs the built <c>loggrains</c> executable (the silo project's output, copied beside the tests) as an operator
/// would: <c>dotnet loggrains.dll VERB ...</c> with settings in the environment, bounded, killed by its id if it hangs.
/// </summary>
internal static class LoggrainsCli
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "loggrains.dll");
        Assert.True(File.Exists(assembly) && File.Exists(Path.ChangeExtension(assembly, ".runtimeconfig.json")), $"{assembly} and its runtimeconfig.json are not beside the tests.");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet");
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var result = await BoundedProcess.RunAsync(start, Bound, $"loggrains {string.Join(' ', arguments)}");
        return (result.ExitCode, result.Output);
    }
}
