namespace LogGrains.Testing.Faults;

/// <summary>What a matching rule does to a request.</summary>
public abstract record FaultAction
{
    private FaultAction()
    {
    }

    /// <summary>Answers with an AWS-shaped error instead of forwarding.</summary>
    public sealed record Fail(AwsError Error) : FaultAction;

    /// <summary>Waits, then forwards.</summary>
    public sealed record Delay(TimeSpan Latency) : FaultAction;

    /// <summary>Drops the connection without a response.</summary>
    public sealed record Drop : FaultAction;
}
