namespace LogGrains.Abstractions;

/// <summary>How the delivery of one object (or one part of it) ended.</summary>
public enum DeliveryStatus
{
    /// <summary>Every enabled delivery finished durably.</summary>
    Delivered = 0,

    /// <summary>Nothing to do by configuration: no enabled delivery wants this application.</summary>
    Filtered = 1,

    /// <summary>Already delivered before (a duplicate notification); nothing was sent again.</summary>
    Duplicate = 2,

    /// <summary>A retryable failure (throttling, 5xx, timeouts): try again later.</summary>
    Transient = 3,

    /// <summary>The tenant cannot be served now (AccessDenied, circuit open): try later, then dead-letter.</summary>
    TenantBlocked = 4,

    /// <summary>The object can never be delivered (corrupt, unknown tenant, no events): dead-letter now.</summary>
    Poison = 5,

    /// <summary>
    /// This silo cannot serve any tenant now (its central role is refused: LogGrains' own configuration): try again
    /// later, as long as it takes; never dead-lettered, and the tenant's circuit stays closed.
    /// </summary>
    ClusterBlocked = 6,
}
