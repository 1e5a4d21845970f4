using System.Diagnostics;

namespace LogGrains.Silo.Tests.Cli;

/// <summary>The built <c>loggrains</c> executable, started as operators start it, with a wrong setting.</summary>
public sealed class CliStartupTests
{
    [Theory]
    [InlineData("LogGrains__Sqs__QueueUrl", null, "LogGrains:Sqs:QueueUrl")]
    [InlineData("LogGrains__Delivery__CentralRoleArn", "arn:aws:iam::12345:user/not-a-role", "LogGrains:Delivery:CentralRoleArn")]
    public async Task A_wrong_setting_stops_the_executable_with_one_stderr_line_naming_it_and_exit_code_2(string variable, string? value, string named)
    {
        var environment = new Dictionary<string, string?>
        {
            ["LogGrains__Profile"] = "aws",
            ["LogGrains__Aws__Region"] = "us-east-1",
            ["LogGrains__Sqs__QueueUrl"] = "http://127.0.0.1:1/123456789012/objects",
            ["LogGrains__Sqs__DeadLetterQueueUrl"] = "http://127.0.0.1:1/123456789012/dlq",
            ["LogGrains__Delivery__CentralRoleArn"] = "arn:aws:iam::123456789012:role/loggrains-central",
            ["LogGrains__Tenants__TableName"] = "tenants",
        };
        environment[variable] = value;

        var (exit, stdout, stderr) = await RunExecutableAsync(environment);

        Assert.True(exit == 2, $"exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("loggrains: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunExecutableAsync(Dictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { ExecutablePath() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LogGrains", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"loggrains did not exit within 60 s: {await stdout} {await stderr}");
        }

        return (process.ExitCode, await stdout, (await stderr).Replace("\r", "", StringComparison.Ordinal));
    }

    /// <summary>The executable built beside the tests (the project reference copies it and its runtime configuration).</summary>
    private static string ExecutablePath()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "loggrains.dll");
        Assert.True(File.Exists(path), $"{path} is missing: the test project must reference src/LogGrains.Silo");
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "loggrains.runtimeconfig.json")), "loggrains.runtimeconfig.json is missing beside the tests");
        return path;
    }
}
