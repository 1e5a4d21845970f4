using System.Globalization;

namespace LogGrains.Testing.Processes;

/// <summary>A process' CPU time and peak memory, read from <c>/proc</c> (Linux), for the load runs.</summary>
public static class ProcStat
{
    /// <summary>User plus system CPU seconds of <paramref name="pid"/> so far, from <c>/proc/PID/stat</c>.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    /// <summary>Peak resident set size of <paramref name="pid"/> in MiB (<c>VmHWM</c> of <c>/proc/PID/status</c>).</summary>
    public static double PeakRssMiB(int pid) => StatusKiB(pid, "VmHWM:") / 1024.0;

    /// <summary>Current resident set size of <paramref name="pid"/> in MiB (<c>VmRSS</c>).</summary>
    public static double RssMiB(int pid) => StatusKiB(pid, "VmRSS:") / 1024.0;

    private static long StatusKiB(int pid, string field)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
