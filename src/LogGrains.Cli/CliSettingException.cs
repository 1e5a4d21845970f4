namespace LogGrains.Cli;

/// <summary>A setting a verb needs is missing or wrong; the message names it. The CLI prints it on one line and exits 2.</summary>
internal sealed class CliSettingException : Exception
{
    public CliSettingException()
    {
    }

    public CliSettingException(string message)
        : base(message)
    {
    }

    public CliSettingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
