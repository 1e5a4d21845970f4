using BenchmarkDotNet.Running;
using LogGrains.Benchmarks;

// `dotnet run -c Release -- peak` measures peak memory; `-- stages [runs]` prints a stopwatch breakdown by stage;
// `-- loop vector ndjson [seconds] [gzip]` loops one case (or its gzip baseline) for a profiler; `-- ratio vector ndjson [seconds]` alternates
// the baseline and the full core in one process and prints their speed ratio;
// `-- count vector ndjson N [MiB]` runs one case exactly N times (callgrind: instructions per run = difference of two counts);
// `-- endtoend vector|bare [objects] [warmup] [MiB] [loggrains.dll]` measures a whole silo on moto (EndToEnd.cs);
// `-- rules [rounds]` alternates decode+plan with and without the built-in content rules (ContentRulesBenchmarks.cs);
// `-- fairshare [noisy objects] [events] [busy objects] [silos] [loggrains.dll]` is the fair-share load run (FairShareRun.cs);
// `-- grainmemory idle|delivered [grains] [tenants] [pause seconds]` measures the memory of one stream grain in an in-process silo (GrainMemory.cs); anything else goes to BenchmarkDotNet.
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
        args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10,
        gzipOnly: args is [_, _, _, _, "gzip", ..]).ConfigureAwait(false);
    return;
}

if (args is ["ratio", var ratioShape, var ratioFraming, ..])
{
    await ProfileLoop.RunRatioAsync(
        Enum.Parse<RecordShape>(ratioShape, ignoreCase: true),
        Enum.Parse<Framing>(ratioFraming, ignoreCase: true),
        args.Length > 3 ? double.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 10).ConfigureAwait(false);
    return;
}

if (args is ["count", var countShape, var countFraming, var runs, ..])
{
    await ProfileLoop.RunCountAsync(
        Enum.Parse<RecordShape>(countShape, ignoreCase: true),
        Enum.Parse<Framing>(countFraming, ignoreCase: true),
        int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture),
        args.Length > 4 ? long.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) << 20 : CoreBenchmarks.FileBytes).ConfigureAwait(false);
    return;
}

if (args is ["endtoend", var e2eShape, ..])
{
    await EndToEnd.RunAsync(
        Enum.Parse<RecordShape>(e2eShape, ignoreCase: true),
        measured: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 40,
        warmup: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 20,
        mibPerObject: args.Length > 4 ? double.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 4,
        siloDll: args.Length > 5 ? args[5] : null).ConfigureAwait(false);
    return;
}

if (args is ["rules", ..])
{
    await ContentRulesBenchmarks.RunAlternatingAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40).ConfigureAwait(false);
    return;
}

if (args is ["fairshare", ..])
{
    await FairShareRun.RunAsync(
        noisyObjects: args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 150,
        eventsPerObject: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2_000,
        busyObjects: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 120,
        silos: args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 1,
        siloDll: args.Length > 5 ? args[5] : null).ConfigureAwait(false);
    return;
}

if (args is ["grainmemory", var grainCase, ..])
{
    await GrainMemory.RunAsync(
        grains: args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20_000,
        deliver: grainCase switch
        {
            "idle" => false,
            "delivered" => true,
            _ => throw new ArgumentException($"grainmemory: case '{grainCase}' is neither idle nor delivered"),
        },
        tenants: args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100,
        pause: TimeSpan.FromSeconds(args.Length > 4 ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : 0)).ConfigureAwait(false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
