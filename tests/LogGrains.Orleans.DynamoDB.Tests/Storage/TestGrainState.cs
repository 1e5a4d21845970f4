using System.Diagnostics.CodeAnalysis;

namespace LogGrains.Orleans.DynamoDB.Tests.Storage;

/// <summary>The storage provider's view of one grain's state, as the Orleans runtime would hold it.</summary>
internal sealed class TestGrainState<T> : IGrainState<T>
{
    [AllowNull]
    public T State { get; set; } = default!;

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
