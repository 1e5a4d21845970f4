using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LogGrains.Aws.Usage;

/// <summary>Registers the DynamoDB usage ledger.</summary>
public static class DynamoDbUsageLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DynamoDbUsageLedger"/> as <see cref="IUsageLedger"/>, with its options validated at start-up.
    /// Credentials come from the SDK's default chain.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The options builder, to bind the <c>LogGrains:Usage</c> section onto.</returns>
    public static OptionsBuilder<DynamoDbUsageLedgerOptions> AddDynamoDbUsageLedger(this IServiceCollection services, Action<DynamoDbUsageLedgerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = services.AddOptions<DynamoDbUsageLedgerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DynamoDbUsageLedgerOptions>, DynamoDbUsageLedgerOptionsValidator>());
        services.TryAddSingleton(sp => new DynamoDbUsageLedger(
            sp.GetRequiredService<IOptions<DynamoDbUsageLedgerOptions>>().Value,
            credentials: null,
            sp.GetService<ILogger<DynamoDbUsageLedger>>()));
        services.TryAddSingleton<IUsageLedger>(sp => sp.GetRequiredService<DynamoDbUsageLedger>());
        return builder;
    }
}
