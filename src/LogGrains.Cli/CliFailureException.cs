namespace LogGrains.Cli;

/// <summary>A verb could not do its work (the cluster unreachable, a listing refused); the message says which and why. The CLI exits 1.</summary>
internal sealed class CliFailureException : Exception
{
    public CliFailureException()
    {
    }

    public CliFailureException(string message)
        : base(message)
    {
    }

    public CliFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
