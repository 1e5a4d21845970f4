using System.Diagnostics;

namespace LogGrains.Deploy.Tests.CloudFormation;

public sealed class CfnLintTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var name in CfnTemplates.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void The_four_templates_are_there_and_nothing_else()
    {
        var present = Directory.GetFiles(CfnTemplates.Directory, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(CfnTemplates.Names.Order(StringComparer.Ordinal), present);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Cfn_lint_passes(string template)
    {
        var (exitCode, output) = await RunCfnLintAsync(CfnTemplates.PathOf(template));

        Assert.True(exitCode == 0, $"cfn-lint {template}.yaml exited with {exitCode}:{Environment.NewLine}{output}");
    }

    [Fact]
    public async Task Cfn_lint_fails_a_template_with_an_error()
    {
        // The check above is only worth something if cfn-lint really reports problems: a resource with a
        // property its type does not have must fail.
        var broken = Path.Combine(Path.GetTempPath(), $"loggrains-broken-{Guid.NewGuid():N}.yaml");
        var text = await File.ReadAllTextAsync(CfnTemplates.PathOf("regional"));
        await File.WriteAllTextAsync(broken, text.Replace("      VisibilityTimeout: !Ref VisibilityTimeoutSeconds", "      VisibilityTimout: !Ref VisibilityTimeoutSeconds", StringComparison.Ordinal));
        try
        {
            var (exitCode, output) = await RunCfnLintAsync(broken);

            Assert.NotEqual(0, exitCode);
            Assert.Contains("VisibilityTimout", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunCfnLintAsync(string path)
    {
        var executable = Executables.Find("cfn-lint")
            ?? throw new InvalidOperationException("cfn-lint is not on PATH: install it with `pip install cfn-lint` (the CloudFormation tests need it).");
        var start = new ProcessStartInfo(executable) { ArgumentList = { "--format", "parseable", "--", path } };
        var result = await BoundedProcess.RunAsync(start, Bound, $"cfn-lint {path}");
        return (result.ExitCode, result.Output);
    }
}
