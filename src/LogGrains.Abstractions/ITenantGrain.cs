namespace LogGrains.Abstractions;

/// <summary>
/// One tenant (key: the tenant id). Reentrant: objects of one tenant proceed in parallel across streams,
/// while configuration refreshes are single-flight. Holds the tenant's counters in its state.
/// </summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Delivers one object to every enabled delivery of the tenant; returns once each has durably
    /// finished or failed with a classified error.
    /// </summary>
    Task<DeliveryOutcome> Deliver(StagedObject staged);

    /// <summary>
    /// Delivers one object, as <see cref="Deliver(StagedObject)"/>, that waited <paramref name="waited"/> in a silo's
    /// poller for its turn; the wait is added to the tenant's counters (<see cref="TenantStats.Waited"/>).
    /// </summary>
    Task<DeliveryOutcome> Deliver(StagedObject staged, TimeSpan waited);

    /// <summary>The tenant's fair-share weight from its configuration (1 when it has none; 0 when it cannot be read now).</summary>
    Task<int> GetWeight();

    /// <summary>Counts an object of this tenant that went to the dead-letter queue.</summary>
    Task RecordDeadLetter(string objectKey, string reason);

    /// <summary>The tenant's counters.</summary>
    Task<TenantStats> GetStats();

    /// <summary>
    /// The tenant's counters again, under the name the Orleans Dashboard's grain state view calls, so that the
    /// dashboard shows <c>TenantGrain/&lt;tenant&gt;</c>'s counters.
    /// </summary>
    Task<TenantStats> GetState();

    /// <summary>Drops the cached configuration so that the next delivery reads it again.</summary>
    Task InvalidateConfiguration();
}
