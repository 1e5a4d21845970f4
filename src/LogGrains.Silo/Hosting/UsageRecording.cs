using LogGrains.Core.Ports;
using LogGrains.Core.Usage;
using Microsoft.Extensions.Options;

namespace LogGrains.Silo.Hosting;

/// <summary>Whether this silo records usage (section <c>LogGrains:Usage</c>, <c>Enabled</c>; default true).</summary>
/// <remarks>
/// Off, the grains record nothing and the ledger still answers queries (<c>/api/usage</c>) from what was recorded
/// before. For a cluster that does not bill its tenants, and for load runs on moto, whose <c>TransactWriteItems</c>
/// copies every table it touches, so that each recorded request costs time in proportion to the usage table's size
/// (docs/USAGE.md).
/// </remarks>
public sealed class UsageRecordingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "LogGrains:Usage";

    /// <summary>Whether the grains record usage entries (<c>LogGrains:Usage:Enabled</c>).</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>Registers the <see cref="UsageRecordingOptions"/> switch around the profile's <see cref="IUsageLedger"/>.</summary>
internal static class UsageRecordingServiceCollectionExtensions
{
    /// <summary>Wraps the ledger the profile registered so that recording stops when <c>LogGrains:Usage:Enabled</c> is false.</summary>
    public static IServiceCollection AddUsageRecordingSwitch(this IServiceCollection services)
    {
        var profiles = services.LastOrDefault(d => d.ServiceType == typeof(IUsageLedger))
            ?? throw new InvalidOperationException("the profile registered no usage ledger (IUsageLedger)");
        services.Remove(profiles);
        services.AddOptions<UsageRecordingOptions>().BindConfiguration(UsageRecordingOptions.Section);
        services.AddSingleton<IUsageLedger>(sp =>
        {
            var ledger = (IUsageLedger)(profiles.ImplementationInstance
                ?? profiles.ImplementationFactory?.Invoke(sp)
                ?? ActivatorUtilities.CreateInstance(sp, profiles.ImplementationType!));
            return sp.GetRequiredService<IOptions<UsageRecordingOptions>>().Value.Enabled ? ledger : new QueryOnlyUsageLedger(ledger);
        });
        return services;
    }

    /// <summary>A ledger that records nothing and answers queries from the one it wraps.</summary>
    private sealed class QueryOnlyUsageLedger(IUsageLedger inner) : IUsageLedger, IDisposable
    {
        public Task<bool> RecordAsync(UsageEntry entry, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<int> RecordAllAsync(IReadOnlyList<UsageEntry> entries, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<IReadOnlyList<UsageTotal>> QueryAsync(UsageQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public void Dispose() => (inner as IDisposable)?.Dispose();
    }
}
