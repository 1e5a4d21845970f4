using System.Globalization;

namespace LogGrains.Local;

/// <summary>
/// The local profile's settings: <c>LogGrains:Local:Root</c> (default <c>./.loggrains</c>),
/// <c>LogGrains:Local:SampleInterval</c> (seconds or <c>hh:mm:ss</c>, default 10 s, 0 disables the feeder) and the
/// web port and whether an admin token is set, which the wiring copies from the web settings for the start-up message.
/// </summary>
internal sealed class LocalProfileSettings
{
    public const string DefaultRoot = "./.loggrains";

    /// <summary>The region the local profile's tenants default to.</summary>
    public const string LocalClusterRegion = "us-east-1";

    /// <summary>The central account id the local profile's tenants default to (their <c>external_id</c>).</summary>
    public const string LocalCentralAccountId = "000000000000";

    public string Root { get; init; } = DefaultRoot;

    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    public int WebPort { get; init; } = 8080;

    /// <summary>Whether <c>LogGrains:Web:AdminToken</c> is set, so that the start-up message says how to open the pages.</summary>
    public bool WebAdminTokenSet { get; init; }

    /// <exception cref="InvalidOperationException">A setting cannot be read; the message names it.</exception>
    public static LocalProfileSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = configuration["LogGrains:Local:Root"];
        var intervalText = configuration["LogGrains:Local:SampleInterval"];
        TimeSpan interval;
        if (string.IsNullOrWhiteSpace(intervalText))
        {
            interval = TimeSpan.FromSeconds(10);
        }
        else if (double.TryParse(intervalText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            interval = TimeSpan.FromSeconds(seconds);
        }
        else if (!TimeSpan.TryParse(intervalText, CultureInfo.InvariantCulture, out interval) || interval < TimeSpan.Zero)
        {
            throw new InvalidOperationException(
                $"LogGrains:Local:SampleInterval '{intervalText}' is not a duration: give seconds (e.g. 10, 0 to disable) or hh:mm:ss.");
        }

        return new LocalProfileSettings
        {
            Root = string.IsNullOrWhiteSpace(root) ? DefaultRoot : root,
            SampleInterval = interval,
        };
    }
}
