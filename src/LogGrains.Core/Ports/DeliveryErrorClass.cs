namespace LogGrains.Core.Ports;

/// <summary>How a failed operation is handled (DESIGN.md §5).</summary>
public enum DeliveryErrorClass
{
    /// <summary>
    /// Worth retrying as is: throttling, 5xx, timeouts, connection failures, a dependency briefly unavailable.
    /// Retried with backoff and jitter; past a bound the message is left on the queue with a growing visibility timeout.
    /// </summary>
    Transient,

    /// <summary>
    /// The tenant's side refuses us: AccessDenied on the customer role, log group or bucket gone with no right to
    /// create it, expired token after a refresh. Opens that tenant's circuit; its messages wait and finally go to
    /// the dead-letter queue. Other tenants are untouched.
    /// </summary>
    TenantBlocked,

    /// <summary>
    /// The object itself can never be delivered: malformed key, unknown tenant, corrupt file, object gone.
    /// Dead-lettered at once with the reason, never retried.
    /// </summary>
    Poison,

    /// <summary>
    /// The service refused a request LogGrains built as invalid (a validation error): a LogGrains defect or a limit
    /// the planner missed. Not retried; dead-lettered with the service's message so it can be fixed and replayed.
    /// </summary>
    InvalidRequest,

    /// <summary>
    /// Our own side refuses us, so this silo can serve no tenant: STS refused the central role (AccessDenied: the role in
    /// <c>LogGrains:Delivery:CentralRoleArn</c> does not exist or does not trust the silo's own identity). Neither the
    /// tenant nor the object is to blame: retried for as long as it lasts, never dead-lettered, no tenant's circuit
    /// opens; the silo reports itself unready on <c>/readyz</c> until the central role works again.
    /// </summary>
    ClusterBlocked,
}
