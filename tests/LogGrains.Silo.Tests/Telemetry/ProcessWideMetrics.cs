namespace LogGrains.Silo.Tests.Telemetry;

/// <summary>
/// OpenTelemetry's meter provider listens to every meter of a name in the process, not only to its own host's
/// <c>IMeterFactory</c>: a silo started by another test at the same time would add its deliveries to these scrapes.
/// Production runs one silo per process; the tests that compare scraped totals run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMetrics
{
    public const string Name = "process-wide metrics";
}
