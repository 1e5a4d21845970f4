using LogGrains.Aws.Tenants;
using LogGrains.Core.Ports;
using LogGrains.Local;

namespace LogGrains.Cli;

/// <summary>Opens the tenant store of the configured profile: the DynamoDB table (aws) or <c>tenants.json</c> (local).</summary>
internal static class TenantStores
{
    /// <summary>The store, wrapped so that disposing the lease disposes the store.</summary>
    /// <exception cref="CliSettingException">A setting the store needs is missing or wrong.</exception>
    public static Lease Open(CliSettings settings) => new(Create(settings));

    private static ITenantStore Create(CliSettings settings)
    {
        if (!settings.IsAws)
        {
            return new LocalTenantStore(settings.LocalPaths);
        }

        try
        {
            return new DynamoDbTenantStore(new DynamoDbTenantStoreOptions
            {
                TableName = settings.TenantTableName,
                Region = settings.Region,
                ServiceUrl = settings.ServiceUrl,
            });
        }
        catch (ArgumentException e)
        {
            throw new CliSettingException(e.Message, e);
        }
    }

    /// <summary>An open store; disposing it disposes the store.</summary>
    internal sealed class Lease(ITenantStore store) : IDisposable
    {
        public ITenantStore Store { get; } = store;

        public void Dispose() => (Store as IDisposable)?.Dispose();
    }
}
