namespace LogGrains.Core.Ports;

/// <summary>Why a message is dead-lettered; written as message attributes on the dead-letter copy.</summary>
/// <param name="Reason">The human-readable reason (attribute <c>loggrains-reason</c>).</param>
/// <param name="ErrorClass">The failure class (attribute <c>loggrains-error-class</c>).</param>
/// <param name="Tenant">The tenant, or empty when unknown (attribute <c>loggrains-tenant</c>, omitted when empty).</param>
/// <param name="ObjectKey">The object key, or empty when the message concerns no single object (attribute <c>loggrains-object-key</c>, omitted when empty).</param>
public sealed record DeadLetter(string Reason, DeliveryErrorClass ErrorClass, string Tenant, string ObjectKey);
