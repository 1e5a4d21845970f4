namespace LogGrains.Silo.Cli;

/// <summary>The CLI could not reach the cluster's gateways; the message names the cluster and the membership table.</summary>
internal sealed class ClusterUnreachableException : Exception
{
    public ClusterUnreachableException()
    {
    }

    public ClusterUnreachableException(string message)
        : base(message)
    {
    }

    public ClusterUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
