namespace LogGrains.Aws.S3;

/// <summary>Lets an SDK response (which is only <see cref="IDisposable"/>) own the connection behind a read handle.</summary>
internal sealed class ResponseOwner(IDisposable response) : IAsyncDisposable
{
    public ValueTask DisposeAsync()
    {
        response.Dispose();
        return ValueTask.CompletedTask;
    }
}
