namespace LogGrains.Silo.Web;

/// <summary>Whether this silo should receive traffic: its Orleans silo is active in the cluster and the app is not stopping.</summary>
internal sealed class SiloReadiness(ISiloStatusOracle silo, IHostApplicationLifetime lifetime)
{
    /// <summary>Null when ready; otherwise what is not ready, in one line.</summary>
    public string? NotReadyReason()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "the application is stopping";
        }

        var status = silo.CurrentStatus;
        return status == SiloStatus.Active ? null : $"the Orleans silo is {status}, not yet Active in the cluster";
    }
}
