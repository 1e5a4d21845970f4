namespace LogGrains.Silo.Web;

/// <summary>
/// One point of a tenant's history: how fast its counters grew between two consecutive samples, per second.
/// </summary>
/// <param name="At">When the later of the two samples was taken.</param>
/// <param name="SpanSeconds">
/// The time between the two samples: the sample interval, or longer after samples failed (a gap the point averages over).
/// </param>
/// <param name="EventsPerSecond">Events accepted per second.</param>
/// <param name="BytesPerSecond">Message bytes accepted per second.</param>
/// <param name="ThrottlesPerSecond">Throttling answers met per second.</param>
/// <param name="RejectsPerSecond">Events rejected or excluded per second.</param>
internal readonly record struct TenantSeriesPoint(
    DateTimeOffset At,
    double SpanSeconds,
    double EventsPerSecond,
    double BytesPerSecond,
    double ThrottlesPerSecond,
    double RejectsPerSecond);
