using Spectre.Console;

namespace LogGrains.Cli;

/// <summary>
/// Where a CLI verb reads and writes, and the settings it sees on top of the environment: the real console for the
/// executable, captured writers for tests.
/// </summary>
/// <param name="Out">Standard output, for tables, progress and JSON.</param>
/// <param name="Error">Standard error, for the one-line <c>loggrains: …</c> messages.</param>
/// <param name="Input">Standard input, for <c>tenants put -</c>.</param>
/// <param name="Settings">Settings added after the environment variables (tests use them instead of the environment).</param>
/// <param name="Time">The clock (inspect measures event ages against it).</param>
internal sealed record CliContext(
    IAnsiConsole Out,
    TextWriter Error,
    TextReader Input,
    IReadOnlyDictionary<string, string?> Settings,
    TimeProvider Time)
{
    /// <summary>The process's own console, standard error and input; no extra settings.</summary>
    public static CliContext System() => new(
        AnsiConsole.Console,
        Console.Error,
        Console.In,
        new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase),
        TimeProvider.System);

    /// <summary>Whether progress can be drawn in place (a terminal, not a pipe or a file).</summary>
    public bool Interactive => Out.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;

    /// <summary>Writes text as is (no markup), for JSON and plain lines.</summary>
    public void WriteRaw(string text) => Out.Profile.Out.Writer.Write(text);

    /// <summary>Writes a line as is (no markup).</summary>
    public void WriteLineRaw(string text) => Out.Profile.Out.Writer.WriteLine(text);
}
