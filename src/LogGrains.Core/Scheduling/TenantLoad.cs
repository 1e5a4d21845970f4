namespace LogGrains.Core.Scheduling;

/// <summary>One tenant's share of a <see cref="FairScheduler{T}"/> at one instant.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Held">Items waiting for their turn.</param>
/// <param name="InFlight">Items started and not completed.</param>
/// <param name="Weight">The tenant's weight.</param>
/// <param name="Streams">Distinct streams with items in flight.</param>
public sealed record TenantLoad(string Tenant, int Held, int InFlight, int Weight, int Streams);
