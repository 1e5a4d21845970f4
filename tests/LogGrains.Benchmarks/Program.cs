using BenchmarkDotNet.Running;
using LogGrains.Benchmarks;

// `dotnet run -c Release -- peak` measures peak memory; anything else goes to BenchmarkDotNet.
if (args is ["peak", ..])
{
    await PeakMemory.RunAsync().ConfigureAwait(false);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(CoreBenchmarks).Assembly).Run(args);
