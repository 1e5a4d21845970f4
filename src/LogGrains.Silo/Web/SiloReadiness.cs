using LogGrains.Aws.Credentials;

namespace LogGrains.Silo.Web;

/// <summary>
/// Whether this silo should receive traffic: its Orleans silo is active in the cluster, the app is not stopping, and
/// (aws profile) STS does not refuse its central role, without which it can deliver nothing.
/// </summary>
internal sealed class SiloReadiness(ISiloStatusOracle silo, IHostApplicationLifetime lifetime, StsCredentialBroker? broker = null)
{
    /// <summary>Null when ready; otherwise what is not ready, in one line.</summary>
    public string? NotReadyReason()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "the application is stopping";
        }

        var status = silo.CurrentStatus;
        if (status != SiloStatus.Active)
        {
            return $"the Orleans silo is {status}, not yet Active in the cluster";
        }

        // While refused, asking also retries the central role now and then, so readiness comes back once it is fixed.
        return broker?.CentralRoleProblem();
    }
}
