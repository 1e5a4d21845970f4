using System.Text.Json;

namespace LogGrains.Deploy.Tests.Container;

/// <summary>The repository's Dockerfile read as instructions grouped by stage: enough to run its build without Docker.</summary>
internal sealed class DockerfileModel
{
    private DockerfileModel(IReadOnlyList<Stage> stages) => Stages = stages;

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Build => Stages[0];

    public Stage Runtime => Stages[^1];

    public static DockerfileModel Read() => Parse(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    public static DockerfileModel Parse(string text)
    {
        var stages = new List<Stage>();
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            Assert.False(line.EndsWith('\\'), $"'{line}' continues on the next line: keep each instruction on one line so that tests read it");
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var instruction = new Instruction(line[..space].ToUpperInvariant(), line[(space + 1)..].Trim());
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                stages.Add(new Stage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, []));
                continue;
            }

            Assert.True(stages.Count > 0, $"'{line}' comes before the first FROM");
            stages[^1].Instructions.Add(instruction);
        }

        Assert.True(stages.Count >= 2, "the Dockerfile is not multi-stage");
        return new DockerfileModel(stages);
    }

    /// <summary>One build stage: its base image, its name and its instructions in order.</summary>
    internal sealed record Stage(string Image, string? Name, List<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) =>
            Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

        public string? Last(string keyword) => All(keyword).LastOrDefault();

        /// <summary>The stage's working directory (the last WORKDIR).</summary>
        public string WorkDir => Last("WORKDIR") ?? "/";

        /// <summary>The ENTRYPOINT in exec (JSON) form; the shell form would need a shell the chiseled image lacks.</summary>
        public IReadOnlyList<string> Entrypoint()
        {
            var entrypoint = Last("ENTRYPOINT") ?? throw new InvalidOperationException("the stage has no ENTRYPOINT");
            Assert.True(entrypoint.StartsWith('['), $"ENTRYPOINT {entrypoint} is in shell form: the chiseled image has no shell");
            return JsonSerializer.Deserialize<string[]>(entrypoint)!;
        }
    }

    /// <summary>One instruction: its keyword in upper case and the rest of its line.</summary>
    internal sealed record Instruction(string Keyword, string Arguments);
}
