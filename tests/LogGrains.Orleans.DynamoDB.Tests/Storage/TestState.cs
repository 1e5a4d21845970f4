namespace LogGrains.Orleans.DynamoDB.Tests.Storage;

/// <summary>A plain grain state for the storage conformance tests.</summary>
public sealed class TestState
{
    public string Text { get; set; } = string.Empty;

    public int Number { get; set; }
}
