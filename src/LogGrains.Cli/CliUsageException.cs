namespace LogGrains.Cli;

/// <summary>An argument is wrong in a way the parser cannot see (a time that does not parse); the CLI exits 2.</summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
