using System.Globalization;

namespace LogGrains.LoadHarness;

/// <summary>The command line: <c>scale|chaos|grains [--name value]…</c>; every bound has a default that fits this machine.</summary>
internal sealed record HarnessOptions
{
    public required string Mode { get; init; }

    /// <summary>Tenants with log streams (chaos adds one more: the tenant whose role refuses AssumeRole).</summary>
    public int Tenants { get; init; } = 20;

    /// <summary>Streams (pods) per tenant: one stream grain each.</summary>
    public int Streams { get; init; } = 50;

    /// <summary>Objects per stream in the measured window.</summary>
    public int ObjectsPerStream { get; init; } = 1;

    /// <summary>Events per object.</summary>
    public int Events { get; init; } = 100;

    /// <summary>Bytes of the <c>message</c> field of each event (Vector metadata comes on top).</summary>
    public int MessageBytes { get; init; } = 200;

    /// <summary>Warm-up objects before the measured window (the JIT makes the first hundreds dearer).</summary>
    public int Warmup { get; init; } = 600;

    /// <summary>Most notifications in the queue at once (moto's SQS is O(n) in queued messages).</summary>
    public int Wave { get; init; } = 150;

    /// <summary>Chaos: objects staged per second while the faults play.</summary>
    public double Rate { get; init; } = 6;

    /// <summary>Chaos: how long objects are staged; the faults are placed in this span.</summary>
    public TimeSpan FeedTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The whole run gives up after this long (the drain included).</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often each silo's /metrics and /proc are read.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Silos in the cluster.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Where results.json, results.md and the PNG plots go.</summary>
    public string Output { get; init; } = Path.Combine("artifacts", "loadharness");

    /// <summary>
    /// Scale: stream grains per tenant activated through an Orleans client after the warm-up and alive through the
    /// measured window (pods <c>pod-00000</c>…, so the window's streams are among them); 0: none.
    /// </summary>
    public int Preactivate { get; init; }

    /// <summary>Grains, and scale with <see cref="Preactivate"/>: stream grain activations in flight at once, over the whole cluster.</summary>
    public int Parallelism { get; init; } = 64;

    /// <summary>Grains: how long the cluster idles after the last activation before memory is read.</summary>
    public TimeSpan IdleTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Grains: how long the cluster stays up after the results are written, for a heap snapshot of each silo (dotnet-gcdump).</summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Scale, <c>--warm-streams window</c>: the warm-up objects go to the window's own streams, so the silos that host
    /// the window's stream grains are the ones the warm-up warmed (each process warms its JIT apart). Default
    /// (<c>own</c>): ten warm-up streams per tenant that the window never uses.
    /// </summary>
    public bool WarmOnWindowStreams { get; init; }

    /// <summary>A built or published <c>loggrains.dll</c>; default: the Release build of src/LogGrains.Silo.</summary>
    public string? SiloDll { get; init; }

    public static HarnessOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("scale" or "chaos" or "grains"))
        {
            throw new ArgumentException(Usage);
        }

        // The grains run's defaults are issue 14's full size: 100 tenants × 1,000 streams.
        var options = args[0] == "grains"
            ? new HarnessOptions { Mode = args[0], Tenants = 100, Streams = 1_000, Deadline = TimeSpan.FromMinutes(40) }
            : new HarnessOptions { Mode = args[0] };
        for (var i = 1; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length)
            {
                throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            }

            var value = args[i + 1];
            options = args[i] switch
            {
                "--tenants" => options with { Tenants = Int(value) },
                "--streams" => options with { Streams = Int(value) },
                "--objects-per-stream" => options with { ObjectsPerStream = Int(value) },
                "--events" => options with { Events = Int(value) },
                "--message-bytes" => options with { MessageBytes = Int(value) },
                "--warmup" => options with { Warmup = Int(value) },
                "--wave" => options with { Wave = Int(value) },
                "--rate" => options with { Rate = double.Parse(value, CultureInfo.InvariantCulture) },
                "--feed-seconds" => options with { FeedTime = TimeSpan.FromSeconds(Int(value)) },
                "--deadline-minutes" => options with { Deadline = TimeSpan.FromMinutes(Int(value)) },
                "--sample-seconds" => options with { SampleInterval = TimeSpan.FromSeconds(Int(value)) },
                "--silos" => options with { Silos = Int(value) },
                "--out" => options with { Output = value },
                "--silo-dll" => options with { SiloDll = value },
                "--parallelism" => options with { Parallelism = Int(value) },
                "--preactivate" => options with { Preactivate = Int(value) },
                "--idle-seconds" => options with { IdleTime = TimeSpan.FromSeconds(Int(value)) },
                "--hold-seconds" => options with { HoldTime = TimeSpan.FromSeconds(Int(value)) },
                "--warm-streams" => value is "own" or "window"
                    ? options with { WarmOnWindowStreams = value == "window" }
                    : throw new ArgumentException($"--warm-streams must be own or window, not '{value}'.\n{Usage}"),
                _ => throw new ArgumentException($"unknown option {args[i]}.\n{Usage}"),
            };
        }

        return options;
    }

    public const string Usage = """
        usage: LogGrains.LoadHarness scale|chaos|grains [--tenants N] [--streams N] [--objects-per-stream N] [--events N]
               [--message-bytes N] [--warmup N] [--wave N] [--rate objects/s] [--feed-seconds N] [--deadline-minutes N]
               [--sample-seconds N] [--silos N] [--out DIR] [--silo-dll PATH] [--parallelism N] [--idle-seconds N] [--hold-seconds N]
               [--preactivate N] [--warm-streams own|window]
        """;

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
