using LogGrains.Core.Tenants;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains.Hosting;

/// <summary>Checks <see cref="LogGrainsClusterOptions"/>; every failure names its setting.</summary>
public sealed class LogGrainsClusterOptionsValidator : IValidateOptions<LogGrainsClusterOptions>
{
    /// <summary>The smallest directory cache accepted: fewer addresses than a silo's tenant grains would be looked up on every call.</summary>
    public const int MinDirectoryCacheSize = 1_000;

    /// <summary>The largest directory cache accepted: Orleans' own default, whose table is allocated up front.</summary>
    public const int MaxDirectoryCacheSize = 1_000_000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LogGrainsClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Identifier(failures, "ClusterId", options.ClusterId);
        Identifier(failures, "ServiceId", options.ServiceId);
        Port(failures, "SiloPort", options.SiloPort);
        Port(failures, "GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"LogGrains:Cluster:SiloPort and LogGrains:Cluster:GatewayPort are both {options.SiloPort}: give them different ports.");
        }

        TableName(failures, "MembershipTableName", options.MembershipTableName);
        TableName(failures, "GrainStateTableName", options.GrainStateTableName);
        if (options.DirectoryCacheSize is < MinDirectoryCacheSize or > MaxDirectoryCacheSize)
        {
            failures.Add($"LogGrains:Cluster:DirectoryCacheSize is {options.DirectoryCacheSize}: give between {MinDirectoryCacheSize:N0} and {MaxDirectoryCacheSize:N0} grain addresses.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A port a listener can bind: 1-65535.</summary>
    public static void Port(List<string> failures, string setting, int port, string section = LogGrainsClusterOptions.Section)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (port is < 1 or > 65535)
        {
            failures.Add($"{section}:{setting} is {port}: give a port between 1 and 65535.");
        }
    }

    private static void Identifier(List<string> failures, string setting, string value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 128 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            failures.Add($"LogGrains:Cluster:{setting} '{value}' is refused: give 1-128 characters of letters, digits, '-', '_' and '.'.");
        }
    }

    private static void TableName(List<string> failures, string setting, string value)
    {
        if (!DynamoDbTableName.IsValid(value))
        {
            failures.Add($"LogGrains:Cluster:{setting} '{value}' is not a DynamoDB table name ({DynamoDbTableName.Rule}).");
        }
    }
}
