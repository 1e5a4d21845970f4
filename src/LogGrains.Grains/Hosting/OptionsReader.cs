using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LogGrains.Grains.Hosting;

/// <summary>
/// Binds one section into its options class and checks it with the class's validator, for the settings the wiring needs
/// before the host is built (ports, profile tables) and for the CLI verbs, which check only the sections they use.
/// </summary>
public static class OptionsReader
{
    /// <summary>Binds <paramref name="section"/> into <paramref name="options"/>, applies <paramref name="postConfigure"/> (defaults the wiring fills in) and validates it.</summary>
    /// <exception cref="InvalidOperationException">A value does not convert, or the validator refused it; the one-line message names the setting.</exception>
    public static T Read<T>(IConfiguration configuration, string section, T options, IValidateOptions<T> validator, Action<T>? postConfigure = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(validator);
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException(BindFailure(e), e);
        }

        postConfigure?.Invoke(options);
        var result = validator.Validate(Options.DefaultName, options);
        return result.Failed ? throw new InvalidOperationException(string.Join(" ", result.Failures)) : options;
    }

    /// <summary>
    /// The binder's "failed to convert" message, which names the setting (<c>… at 'LogGrains:Web:Port' to type
    /// 'System.Int32'</c>), without its stack of inner exceptions; null for any other exception.
    /// </summary>
    public static string? BindFailureOrNull(Exception exception) =>
        exception is InvalidOperationException e && e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal)
            ? BindFailure(e)
            : null;

    private static string BindFailure(InvalidOperationException e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
