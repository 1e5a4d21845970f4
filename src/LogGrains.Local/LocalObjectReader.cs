using LogGrains.Core.Objects;
using LogGrains.Core.Ports;

namespace LogGrains.Local;

/// <summary>Reads staged objects from <c>{root}/staging/{key}</c>, streaming, as the S3 reader does.</summary>
internal sealed class LocalObjectReader(LocalPaths paths) : IObjectReader
{
    private const string Operation = "local:GetObject";

    public Task<ObjectReadHandle> OpenReadAsync(string tenant, ObjectRef obj, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Bucket != LocalDirectorySource.Bucket)
        {
            throw new DeliveryException(
                DeliveryErrorClass.Poison, Operation, tenant, obj.Key, $"bucket '{obj.Bucket}' is not the local staging bucket '{LocalDirectorySource.Bucket}'");
        }

        if (!LocalPaths.TryResolve(paths.Staging, obj.Key, out var path))
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, Operation, tenant, obj.Key, "the key does not name a file inside the staging directory");
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return Task.FromResult(new ObjectReadHandle(stream, stream.Length, ""));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, Operation, tenant, obj.Key, $"no such file in staging: {obj.Key}", e);
        }
    }
}
