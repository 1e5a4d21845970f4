namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>The CloudFormation templates in deploy/cloudformation.</summary>
internal static class CfnTemplates
{
    /// <summary>Every template, in deployment order.</summary>
    public static readonly IReadOnlyList<string> Names = ["global", "regional", "cluster", "customer"];

    public static string Directory { get; } = RepositoryPaths.Of("deploy", "cloudformation");

    public static string PathOf(string name) => Path.Combine(Directory, name + ".yaml");

    public static string Read(string name) => File.ReadAllText(PathOf(name));
}
