using Microsoft.Extensions.Configuration;

namespace LogGrains.Grains.Hosting;

/// <summary>Which adapters a silo or a verb uses: <c>LogGrains:Profile</c>, <c>local</c> (the default) or <c>aws</c>.</summary>
public static class LogGrainsProfile
{
    /// <summary>The setting.</summary>
    public const string Setting = "LogGrains:Profile";

    /// <summary>The embedded local profile: directories instead of AWS.</summary>
    public const string Local = "local";

    /// <summary>The aws profile.</summary>
    public const string Aws = "aws";

    /// <summary>Reads the profile: the one place it is read.</summary>
    /// <exception cref="InvalidOperationException">The profile is unknown; the message names the setting.</exception>
    public static string From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[Setting];
        var profile = (text ?? Local).Trim().ToLowerInvariant();
        return profile is Local or Aws
            ? profile
            : throw new InvalidOperationException($"{Setting} '{text}' is unknown: use 'local' or 'aws'.");
    }
}
