using System.Diagnostics;
using System.Net;
using Xunit;

namespace LogGrains.Testing.Moto;

/// <summary>
/// A <c>moto_server</c> process on a free loopback port, shared by the tests of one collection.
/// Started once, waited for until it answers, and stopped by its process id on dispose.
/// </summary>
public sealed class MotoServer : IAsyncLifetime, IDisposable
{
    private static int s_nameCounter;
    private readonly Process _process;
    private readonly OutputTail _output;
    private bool _stopped;

    private MotoServer((Process Process, int Port, OutputTail Output) started)
    {
        _process = started.Process;
        _output = started.Output;
        Port = started.Port;
        Endpoint = new Uri($"http://127.0.0.1:{Port}");
    }

    /// <summary>Starts a server; xunit creates collection fixtures through this constructor.</summary>
    public MotoServer() : this(StartProcess())
    {
    }

    /// <summary>The loopback port moto listens on.</summary>
    public int Port { get; }

    /// <summary>The base endpoint, for example <c>http://127.0.0.1:43121</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The moto_server process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The region every helper uses unless told otherwise.</summary>
    public const string Region = "us-east-1";

    /// <summary>The account moto uses for the default test credentials.</summary>
    public const string DefaultAccountId = "123456789012";

    /// <summary>Whether the process has exited.</summary>
    public bool HasExited => _stopped || _process.HasExited;

    /// <summary>A resource name no other test in this run uses (lower case, digits and dashes).</summary>
    public static string UniqueName(string prefix)
    {
        var n = Interlocked.Increment(ref s_nameCounter);
        return $"{prefix}-{n}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"moto_server exited with code {_process.ExitCode} before answering on port {Port}: {_output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoint, "/moto-api/data.json"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        Dispose();
        throw new InvalidOperationException($"moto_server did not answer on {Endpoint} within 60 seconds: {_output}");
    }

    /// <summary>Clears every account's data (<c>POST /moto-api/reset</c>).</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), content: null);
        response.EnsureSuccessStatusCode();
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Stops moto by its process id and waits for it to be gone.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _stopped = _process.WaitForExit(10_000);
        if (!_stopped)
        {
            throw new InvalidOperationException($"moto_server pid {_process.Id} did not exit within 10 seconds of being killed.");
        }

        _process.Dispose();
    }

    private static (Process, int, OutputTail) StartProcess()
    {
        var executable = FindOnPath("moto_server")
            ?? throw new InvalidOperationException(
                "moto_server is not on PATH: install it with `pip install 'moto[server]'` (the AWS tests need it).");
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["MOTO_ALLOW_NONEXISTENT_REGION"] = "true";
        var process = Process.Start(start)
            ?? throw new InvalidOperationException($"moto_server at {executable} did not start.");
        var output = new OutputTail();
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, port, output);
    }

    private static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
