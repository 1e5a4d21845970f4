using LogGrains.Core.Ports;

namespace LogGrains.Local;

/// <summary>The s3 delivery type, locally: copies <c>staging/{key}</c> to <c>buckets/{bucket}/{destinationKey}</c>.</summary>
internal sealed class LocalObjectCopier(LocalPaths paths) : IObjectCopier
{
    private const string Operation = "local:CopyObject";

    public async Task CopyAsync(ObjectCopyRequest request, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!LocalPaths.TryResolve(paths.Staging, request.Source.Key, out var source))
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, Operation, request.Tenant, request.Source.Key, "the key does not name a file inside the staging directory");
        }

        if (!LocalPaths.TryResolve(paths.Buckets, request.DestinationBucket, out var bucket) ||
            !LocalPaths.TryResolve(bucket, request.DestinationKey, out var destination))
        {
            throw new DeliveryException(
                DeliveryErrorClass.InvalidRequest, Operation, request.Tenant, request.Source.Key,
                $"destination '{request.DestinationBucket}/{request.DestinationKey}' is not a path inside the buckets directory");
        }

        if (!File.Exists(source))
        {
            throw new DeliveryException(DeliveryErrorClass.Poison, Operation, request.Tenant, request.Source.Key, $"no such file in staging: {request.Source.Key}");
        }

        Directory.CreateDirectory(paths.Temp);
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temporary = Path.Combine(paths.Temp, Guid.NewGuid().ToString("N") + ".copy");
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }
        }

        // Same key, same bytes: a retry overwrites harmlessly, as S3 does.
        File.Move(temporary, destination, overwrite: true);
    }
}
