using System.Diagnostics;
using System.Globalization;

namespace LogGrains.Testing.Processes;

/// <summary>
/// What the load runs (benchmarks, load harness) share: the built <c>loggrains</c> executable started as its own process with its settings as
/// environment variables, and bounded waits that give up when the silo exits.
/// </summary>
public static class SiloProcess
{
    /// <summary>The silo built by <c>dotnet build src/LogGrains.Silo -c Release</c>, or <paramref name="siloDll"/> (e.g. a published one).</summary>
    /// <exception cref="FileNotFoundException">It is not there; the message says how to build it.</exception>
    public static string Find(string? siloDll)
    {
        var silo = siloDll ?? RepositoryPaths.Of("src", "LogGrains.Silo", "bin", "Release", "net10.0", "loggrains.dll");
        return File.Exists(silo)
            ? silo
            : throw new FileNotFoundException($"{silo} is missing: run 'dotnet build src/LogGrains.Silo -c Release' first, or pass the published loggrains.dll.");
    }

    /// <summary>
    /// Starts <c>dotnet DLL</c> with the settings as <c>LogGrains__…</c> variables and moto's keys. <c>SILO_X=value</c> in
    /// this process' environment becomes <c>X=value</c> for the silo alone (runtime knobs, JIT diagnostics). The silo's
    /// first errors and its standard error are echoed; with <paramref name="logFile"/>, every line it writes is also
    /// appended there, after a line that names the process.
    /// </summary>
    public static Process Start(string dll, Dictionary<string, string?> settings, string? logFile = null)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        foreach (var variable in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("SILO_", StringComparison.Ordinal)))
        {
            info.Environment[variable["SILO_".Length..]] = Environment.GetEnvironmentVariable(variable);
        }

        info.Environment["AWS_ACCESS_KEY_ID"] = "testing";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
        info.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {dll}");
        var log = logFile is null ? null : OpenLog(logFile, process.Id);
        var errors = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }

            Append(log, line);
            if ((line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)) && Interlocked.Increment(ref errors) <= 5)
            {
                Console.WriteLine($"silo {process.Id}: {line}");
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Append(log, line);
                Console.WriteLine($"silo {process.Id} stderr: {line}");
            }
        };

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static StreamWriter OpenLog(string path, int pid)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var log = new StreamWriter(path, append: true) { AutoFlush = true };
        log.WriteLine($"=== silo process {pid} started {DateTime.UtcNow:O}");
        return log;
    }

    /// <summary>
    /// One line to the silo's log file, if it has one. The file stays open (flushed after every line) for as long as
    /// this process runs: the last lines of a stopping silo, the ones that say how it stopped, may come after it exited.
    /// </summary>
    private static void Append(StreamWriter? log, string line)
    {
        if (log is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    /// <summary>
    /// Sends SIGTERM, as Kubernetes stops a pod, and waits at most <paramref name="limit"/> for the silo to exit; false
    /// when it is still running then (the caller decides whether to kill it or fail).
    /// </summary>
    public static async Task<bool> TerminateAsync(Process silo, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(silo);
        using (var term = Process.Start("kill", ["-TERM", silo.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await silo.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="done"/> until it holds; fails when the silo exits or <paramref name="limit"/> passes.</summary>
    public static async Task WaitAsync(Func<Task<bool>> done, string what, Process silo, TimeSpan limit, TimeSpan poll)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await done().ConfigureAwait(false))
        {
            if (silo.HasExited)
            {
                throw new InvalidOperationException($"the silo exited with {silo.ExitCode} while waiting for {what}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"gave up waiting for {what} after {limit}");
            }

            await Task.Delay(poll).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <paramref name="uri"/> answers 2xx; false when it refuses, fails or times out (a silo starting or gone).</summary>
    public static async Task<bool> AnswersOkAsync(HttpClient http, Uri uri)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            using var response = await http.GetAsync(uri).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}
