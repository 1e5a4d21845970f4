using LogGrains.Testing.Processes;

namespace LogGrains.LoadHarness;

/// <summary>
/// The harness's own peak RSS (VmHWM of /proc/self/status) when the run has drained, before verification reads every
/// stream back, and after it: the first is what the run itself holds (the proxy's records, the ledger), the second adds
/// the read-back events.
/// </summary>
internal sealed record HarnessMemory(double DrainedMiB, double VerifiedMiB)
{
    public const string Label = "harness peak RSS (VmHWM): drained / after verification";

    public static HarnessMemory Now()
    {
        var peak = ProcStat.PeakRssMiB(Environment.ProcessId);
        return new HarnessMemory(peak, peak);
    }

    public HarnessMemory AfterVerification() => this with { VerifiedMiB = ProcStat.PeakRssMiB(Environment.ProcessId) };

    public override string ToString() => $"{DrainedMiB:F0} MiB / {VerifiedMiB:F0} MiB";
}
