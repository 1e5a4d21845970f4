using System.Diagnostics;
using System.Runtime.Versioning;
using System.Globalization;
using System.Net;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace LogGrains.Deploy.Tests.Container;

/// <summary>
/// The container's entrypoint, proven without the container: no Docker engine runs here (nor in CI), so the image is
/// never built. Instead the app is published exactly as the Dockerfile's build stage publishes it (the same
/// <c>dotnet publish</c> line and flags, read from the Dockerfile, from the same files its COPY instructions take), and
/// the published <c>loggrains</c> — the image's ENTRYPOINT — runs as an unprivileged user in the local profile, from a
/// working directory it cannot write, until it has delivered events.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ContainerEntrypointTests
{
    private const int Nobody = 65534;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public void The_image_is_multi_stage_chiseled_non_root_and_publishes_ReadyToRun()
    {
        var dockerfile = DockerfileModel.Read();
        var command = DockerfilePublish.PublishCommand(dockerfile);

        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", dockerfile.Build.Image, StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile.Runtime.Image, StringComparison.Ordinal);
        Assert.Contains("chiseled", dockerfile.Runtime.Image, StringComparison.Ordinal);
        Assert.Contains(dockerfile.Runtime.Last("USER"), new[] { "$APP_UID", "1654" });
        Assert.Equal(["8080", "11111", "30000"], dockerfile.Runtime.Last("EXPOSE")!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("-p:PublishReadyToRun=true", command);
        Assert.Contains("linux-x64", command);
        Assert.Equal("Release", command[command.ToList().IndexOf("-c") + 1]);
        Assert.Equal("false", command[command.ToList().IndexOf("--self-contained") + 1]);
        Assert.Equal("/app/loggrains", EntrypointInImage(dockerfile));
    }

    [Fact]
    public async Task The_published_assemblies_carry_ReadyToRun_code()
    {
        var published = await DockerfilePublish.OnceAsync();

        using var pe = new PEReader(File.OpenRead(Path.Combine(published.Output, "loggrains.dll")));

        Assert.True(pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0, "loggrains.dll has no ReadyToRun header");
    }

    [Fact]
    public async Task The_entrypoint_runs_as_an_unprivileged_user_from_a_read_only_directory_and_delivers_events()
    {
        var dockerfile = DockerfileModel.Read();
        var published = await DockerfilePublish.OnceAsync();
        var executable = Path.Combine(published.Output, Path.GetRelativePath(published.ImageOutput, EntrypointInImage(dockerfile)));
        Assert.True(File.Exists(executable), $"{executable} is missing from the published output");
        var workingDirectory = DockerfilePublish.NewDirectory("loggrains-workdir-");
        var root = DockerfilePublish.NewDirectory("loggrains-root-");
        File.SetUnixFileMode(workingDirectory, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot)
        {
            await RunAsync("chown", $"{Nobody}:{Nobody}", root);
        }

        var webPort = LoopbackPort.Free();
        using var process = Start(executable, workingDirectory, root, webPort, asRoot);
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => Record(output, e.Data);
        process.ErrorDataReceived += (_, e) => Record(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort.ToString(CultureInfo.InvariantCulture)}/"), Timeout = TimeSpan.FromSeconds(5) };
            await WaitUntilAsync(process, output, async () => await StatusAsync(client, "readyz") == HttpStatusCode.OK, "/readyz to answer 200");
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "healthz"));
            await WaitUntilAsync(process, output, () => Task.FromResult(DeliveredEvents(root) > 0), $"events in {root}/logs");

            if (asRoot)
            {
                var uid = File.ReadLines($"/proc/{process.Id}/status").Single(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                Assert.Equal(Nobody.ToString(CultureInfo.InvariantCulture), uid.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1]);
            }

            Assert.Empty(Directory.EnumerateFileSystemEntries(workingDirectory));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            DockerfilePublish.TryDelete(workingDirectory);
            DockerfilePublish.TryDelete(root);
        }
    }

    /// <summary>The entrypoint's path inside the image, checked to be what the runtime stage copied from the publish output.</summary>
    private static string EntrypointInImage(DockerfileModel dockerfile)
    {
        var entrypoint = dockerfile.Runtime.Entrypoint();
        var imageOutput = DockerfilePublish.PublishCommand(dockerfile)[DockerfilePublish.OutputIndex(DockerfilePublish.PublishCommand(dockerfile))];
        var copy = Assert.Single(dockerfile.Runtime.All("COPY"), c => c.StartsWith($"--from={dockerfile.Build.Name} ", StringComparison.Ordinal));
        var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(imageOutput.TrimEnd('/'), words[1].TrimEnd('/'));
        var destination = Path.GetFullPath(words[2], dockerfile.Runtime.WorkDir);
        var executable = Assert.Single(entrypoint);
        Assert.StartsWith(destination.TrimEnd('/') + "/", executable, StringComparison.Ordinal);
        return imageOutput.TrimEnd('/') + executable[destination.TrimEnd('/').Length..];
    }

    private static Process Start(string executable, string workingDirectory, string root, int webPort, bool asRoot)
    {
        var start = new ProcessStartInfo(asRoot ? "setpriv" : executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var argument in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "--", executable })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("LogGrains", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        // The image finds the runtime at its default place; here it is wherever this test's own runtime is.
        start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        start.Environment["HOME"] = root;
        start.Environment["LogGrains__Profile"] = "local";
        start.Environment["LogGrains__Local__Root"] = root;
        start.Environment["LogGrains__Local__SampleInterval"] = "0";
        start.Environment["LogGrains__Web__Port"] = webPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["LogGrains__Cluster__SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        start.Environment["LogGrains__Cluster__GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture);
        start.Environment["LogGrains__Poller__WaitTime"] = "00:00:01";
        return Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start");
    }

    private static int DeliveredEvents(string root)
    {
        var logs = Path.Combine(root, "logs");
        return Directory.Exists(logs) ? Directory.EnumerateFiles(logs, "*.log", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).Count()) : 0;
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Process process, List<string> output, Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!await condition())
        {
            Assert.False(process.HasExited, $"loggrains exited with {(process.HasExited ? process.ExitCode : 0)} while waiting for {what}:\n{Tail(output)}");
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {Bound.TotalSeconds} s waiting for {what}:\n{Tail(output)}");
            await Task.Delay(250);
        }
    }

    private static void Record(List<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }
    }

    private static string Tail(List<string> output)
    {
        lock (output)
        {
            return string.Join('\n', output.TakeLast(40));
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false }) ?? throw new InvalidOperationException($"{file} did not start");
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed with {process.ExitCode}");
    }
}
