using LogGrains.Grains.Hosting;

namespace LogGrains.Grains.Polling;

/// <summary>Checks <see cref="ShutdownOptions"/> (its annotated range), naming the setting.</summary>
public sealed class ShutdownOptionsValidator() : AnnotatedOptionsValidator<ShutdownOptions>(ShutdownOptions.Section);
