using System.Diagnostics;

namespace LogGrains.Deploy.Tests;

/// <summary>Runs a tool the tests need (cfn-lint, kubectl, dotnet) with its output captured, killed with its children when it overruns.</summary>
internal static class BoundedProcess
{
    /// <summary>Starts <paramref name="start"/> (output redirected, standard input closed) and waits at most <paramref name="bound"/>.</summary>
    /// <param name="start">What to run; redirection is set here.</param>
    /// <param name="bound">How long it may take.</param>
    /// <param name="what">The command as a person would name it, for the errors.</param>
    /// <exception cref="TimeoutException">It did not finish in time; it was killed.</exception>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo start, TimeSpan bound, string what)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{what} did not finish within {bound.TotalSeconds} s:\n{await stdout}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>How a process ended and what it printed.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Standard output, then standard error.</summary>
    public string Output => Stdout + Stderr;
}
