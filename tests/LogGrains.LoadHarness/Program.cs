using LogGrains.LoadHarness;

// The load, chaos and grain memory harness of issue 14 (docs/RELIABILITY.md, docs/PERFORMANCE.md "Three silos"): moto, the fault
// proxy and N loggrains processes on loopback, bounded by object counts and a deadline. Ctrl-C or an error stops
// every process it started.
HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

MetricsSampler.Interval = options.SampleInterval;
using var stop = new CancellationTokenSource(options.Deadline);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

try
{
    await (options.Mode switch
    {
        "scale" => ScaleRun.RunAsync(options, stop.Token),
        "grains" => GrainsRun.RunAsync(options, stop.Token),
        _ => ChaosRun.RunAsync(options, stop.Token),
    }).ConfigureAwait(false);
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine($"stopped: Ctrl-C or the deadline ({options.Deadline.TotalMinutes} min) came first; every process started was killed.");
    return 1;
}
