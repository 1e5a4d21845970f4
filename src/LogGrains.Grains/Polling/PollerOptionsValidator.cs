using LogGrains.Core.Keys;
using LogGrains.Grains.Hosting;

namespace LogGrains.Grains.Polling;

/// <summary>Checks <see cref="PollerOptions"/>: the annotated ranges, the key template, and the heartbeat against the visibility.</summary>
public sealed class PollerOptionsValidator() : AnnotatedOptionsValidator<PollerOptions>(PollerOptions.Section)
{
    /// <inheritdoc />
    protected override IEnumerable<string> ValidateMore(PollerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!KeyLayout.TryCreate(options.KeyTemplate, out _, out var reason))
        {
            yield return $"{Section}:KeyTemplate '{options.KeyTemplate}' is refused: {reason}";
        }

        if (options.HeartbeatInterval >= options.VisibilityTimeout)
        {
            yield return $"{Section}:HeartbeatInterval ({options.HeartbeatInterval}) must be shorter than {Section}:VisibilityTimeout ({options.VisibilityTimeout}), or messages reappear while they are delivered.";
        }

        if (options.RetryBackoffMax < options.RetryBackoffBase)
        {
            yield return $"{Section}:RetryBackoffMax ({options.RetryBackoffMax}) must be at least {Section}:RetryBackoffBase ({options.RetryBackoffBase}).";
        }
    }
}
