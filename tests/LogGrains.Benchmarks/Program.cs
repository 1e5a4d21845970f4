using BenchmarkDotNet.Running;
using LogGrains.Benchmarks;

// `dotnet run -c Release -- peak` measures peak memory; `-- stages [runs]` prints a stopwatch breakdown by stage;
// `-- loop vector ndjson [seconds]` loops one case for a profiler; anything else goes to BenchmarkDotNet.
if (args is ["peak", ..])
{
    await PeakMemory.RunAsync().ConfigureAwait(false);
    return;
}

if (args is ["stages", ..])
{
    await Stages.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 8).ConfigureAwait(false);
    return;
}

if (args is ["loop", var shape, var framing, ..])
{
    await ProfileLoop.RunAsync(
        Enum.Parse<RecordShape>(shape, ignoreCase: true),
        Enum.Parse<Framing>(framing, ignoreCase: true),
        args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10).ConfigureAwait(false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
