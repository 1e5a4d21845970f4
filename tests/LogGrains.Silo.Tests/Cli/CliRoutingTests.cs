using LogGrains.Cli;

namespace LogGrains.Silo.Tests.Cli;

public sealed class CliRoutingTests
{
    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--LogGrains:Profile=aws" }, true)]
    [InlineData(new[] { "--LogGrains:Profile=aws", "LogGrains:Web:Port=9090" }, true)]
    [InlineData(new[] { "run", "--LogGrains:Profile=aws" }, true)]
    [InlineData(new[] { "tenants", "list" }, false)]
    [InlineData(new[] { "replay", "--bucket", "b", "--prefix", "" }, false)]
    [InlineData(new[] { "inspect", "file.json" }, false)]
    [InlineData(new[] { "--help" }, false)]
    [InlineData(new[] { "run", "--help" }, false)]
    [InlineData(new[] { "tenant" }, false)]
    public void Run_is_the_default_verb_for_no_verb_or_only_configuration_arguments(string[] args, bool silo)
    {
        Assert.Equal(silo, LogGrainsCli.IsSiloInvocation(args, out _));
    }

    [Fact]
    public async Task An_unknown_verb_is_a_usage_error_with_exit_code_2()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "tenant", "list");

        Assert.Equal(2, result.Exit);
        Assert.Contains("loggrains: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_refuses_an_argument_that_is_not_a_setting_instead_of_starting_a_silo()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "run", "--LogGrains:Profile=aws", "--bogus");

        Assert.Equal(2, result.Exit);
        Assert.Contains("'--bogus'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_verb_refuses_an_option_it_does_not_know_instead_of_taking_it_as_a_setting()
    {
        var result = await CliRun.RunAsync(new Dictionary<string, string?>(), "inspect", "x.json", "--jsn");

        Assert.Equal(2, result.Exit);
        Assert.Contains("--jsn", result.Error, StringComparison.Ordinal);
    }
}
