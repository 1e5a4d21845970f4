using System.Diagnostics;
using System.Runtime.Versioning;

namespace LogGrains.Deploy.Tests.Container;

/// <summary>
/// The Dockerfile's build stage without Docker: its COPY instructions fill a build context (minus what .dockerignore
/// leaves out) and its <c>dotnet publish</c> line runs there as written, only its output directory moved to a temporary
/// one. Published once per test run, because a ReadyToRun publish takes minutes.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class DockerfilePublish
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(10);

    private static readonly Lazy<Task<DockerfilePublish>> Published = new(PublishAsync);

    private DockerfilePublish(string imageOutput, string output, IReadOnlyList<string> command)
    {
        ImageOutput = imageOutput;
        Output = output;
        Command = command;
    }

    /// <summary>Where the Dockerfile publishes inside the build image (its <c>-o</c>).</summary>
    public string ImageOutput { get; }

    /// <summary>Where the test published: a temporary directory, readable by every user.</summary>
    public string Output { get; }

    /// <summary>The publish command as run.</summary>
    public IReadOnlyList<string> Command { get; }

    public static Task<DockerfilePublish> OnceAsync() => Published.Value;

    /// <summary>The one <c>RUN dotnet publish …</c> line of the build stage, split into words.</summary>
    public static IReadOnlyList<string> PublishCommand(DockerfileModel dockerfile)
    {
        var line = Assert.Single(dockerfile.Build.All("RUN"), r => r.StartsWith("dotnet publish ", StringComparison.Ordinal));
        Assert.DoesNotContain('"', line);
        Assert.DoesNotContain('\'', line);
        Assert.DoesNotContain("&&", line, StringComparison.Ordinal);
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The value of <c>-o</c>/<c>--output</c> in a publish command.</summary>
    public static int OutputIndex(IReadOnlyList<string> command)
    {
        var flag = command.ToList().FindIndex(w => w is "-o" or "--output");
        Assert.True(flag > 0 && flag + 1 < command.Count, "the publish command has no -o/--output");
        return flag + 1;
    }

    private static async Task<DockerfilePublish> PublishAsync()
    {
        var dockerfile = DockerfileModel.Read();
        var command = PublishCommand(dockerfile).ToList();
        var output = NewDirectory("loggrains-publish-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(output);
        var context = NewDirectory("loggrains-context-");
        try
        {
            await RunPublishAsync(dockerfile, context, command, output);
        }
        finally
        {
            TryDelete(context);
        }

        return new DockerfilePublish(imageOutput: PublishCommand(dockerfile)[OutputIndex(command)], output, command);
    }

    private static async Task RunPublishAsync(DockerfileModel dockerfile, string context, List<string> command, string output)
    {
        FillContext(dockerfile.Build, context);
        command[OutputIndex(command)] = output;
        Assert.Equal("dotnet", command[0]);

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = context };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`, whose MSBuild variables would steer this separate build.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        // No MSBuild node or compiler server may outlive the test run.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        var result = await BoundedProcess.RunAsync(start, Bound, string.Join(' ', command));
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', command)} failed (exit {result.ExitCode}):\n{result.Stdout}\n{result.Stderr}");
    }

    /// <summary>Copies what the build stage's COPY instructions copy, the stage's WORKDIR being the context's root.</summary>
    private static void FillContext(DockerfileModel.Stage build, string context)
    {
        var ignored = DockerIgnore.Read();
        var workDir = build.WorkDir.TrimEnd('/') + "/";
        foreach (var copy in build.All("COPY"))
        {
            var words = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.False(words[0].StartsWith("--", StringComparison.Ordinal), $"COPY {copy} in the build stage uses an option this test does not follow");
            var destination = words[^1];
            if (destination.StartsWith('/'))
            {
                Assert.True(destination.StartsWith(workDir, StringComparison.Ordinal), $"COPY {copy} writes outside WORKDIR {workDir}");
                destination = destination[workDir.Length..];
            }

            var target = Path.GetFullPath(Path.Combine(context, destination));
            foreach (var source in words[..^1])
            {
                var from = RepositoryPaths.Of(source.TrimEnd('/'));
                if (Directory.Exists(from))
                {
                    CopyDirectory(from, target, source.TrimEnd('/'), ignored);
                }
                else
                {
                    Assert.True(File.Exists(from), $"COPY {copy}: {source} does not exist");
                    Assert.False(ignored.Excludes(source), $"COPY {copy}: {source} is excluded by .dockerignore");
                    var file = destination.EndsWith('/') || words.Length > 2 ? Path.Combine(target, Path.GetFileName(from)) : target;
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.Copy(from, file, overwrite: true);
                }
            }
        }
    }

    private static void CopyDirectory(string from, string to, string relative, DockerIgnore ignored)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            var path = relative + "/" + entry.Name;
            if (ignored.Excludes(path))
            {
                continue;
            }

            if (entry is DirectoryInfo directory)
            {
                CopyDirectory(directory.FullName, Path.Combine(to, entry.Name), path, ignored);
            }
            else
            {
                File.Copy(entry.FullName, Path.Combine(to, entry.Name), overwrite: true);
            }
        }
    }

    /// <summary>A new directory under the temporary folder that every user may read (CreateTempSubdirectory makes it 0700).</summary>
    public static string NewDirectory(string prefix)
    {
        var directory = Directory.CreateTempSubdirectory(prefix).FullName;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return directory;
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
