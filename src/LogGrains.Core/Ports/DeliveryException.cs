namespace LogGrains.Core.Ports;

/// <summary>
/// A classified failure of a port operation. It carries the tenant, object key and operation, and never
/// credentials: adapters must not put secrets, tokens or signed URLs into <see cref="Detail"/>.
/// </summary>
public sealed class DeliveryException : Exception
{
    /// <summary>Creates a classified failure.</summary>
    /// <param name="errorClass">How the failure is handled.</param>
    /// <param name="operation">The operation that failed, e.g. <c>s3:GetObject</c> or <c>sts:AssumeRole</c>.</param>
    /// <param name="tenant">The tenant concerned; empty when not known (e.g. the key did not parse).</param>
    /// <param name="objectKey">The object key concerned; empty when the operation concerns no object.</param>
    /// <param name="detail">What went wrong, e.g. the service's error code and message.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public DeliveryException(
        DeliveryErrorClass errorClass,
        string operation,
        string tenant,
        string objectKey,
        string detail,
        Exception? innerException = null)
        : base(FormatMessage(errorClass, operation, tenant, objectKey, detail), innerException)
    {
        ErrorClass = errorClass;
        Operation = operation ?? "";
        Tenant = tenant ?? "";
        ObjectKey = objectKey ?? "";
        Detail = detail ?? "";
    }

    /// <summary>Creates an unclassified failure, treated as <see cref="DeliveryErrorClass.Transient"/>.</summary>
    public DeliveryException()
        : this(DeliveryErrorClass.Transient, "", "", "", "unspecified failure")
    {
    }

    /// <summary>Creates an unclassified failure, treated as <see cref="DeliveryErrorClass.Transient"/>.</summary>
    /// <param name="message">What went wrong.</param>
    public DeliveryException(string message)
        : this(DeliveryErrorClass.Transient, "", "", "", message)
    {
    }

    /// <summary>Creates an unclassified failure, treated as <see cref="DeliveryErrorClass.Transient"/>.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying exception.</param>
    public DeliveryException(string message, Exception? innerException)
        : this(DeliveryErrorClass.Transient, "", "", "", message, innerException)
    {
    }

    /// <summary>How the failure is handled.</summary>
    public DeliveryErrorClass ErrorClass { get; }

    /// <summary>The operation that failed.</summary>
    public string Operation { get; }

    /// <summary>The tenant concerned, or empty.</summary>
    public string Tenant { get; }

    /// <summary>The object key concerned, or empty.</summary>
    public string ObjectKey { get; }

    /// <summary>What went wrong, without the context fields.</summary>
    public string Detail { get; }

    /// <summary>
    /// Whether the service asked us to slow down (a <see cref="DeliveryErrorClass.Transient"/> failure that
    /// callers count separately as a throttle).
    /// </summary>
    public bool IsThrottling { get; init; }

    /// <summary>
    /// The message, naming <paramref name="objectKey"/> when the failure named no object (a credentials or checkpoint
    /// failure is raised before an object is known, but it fails each object of its round): a dead letter's reason
    /// should say which object it is about.
    /// </summary>
    /// <param name="objectKey">The object the failure is reported for.</param>
    /// <returns>The message with the object filled in.</returns>
    public string MessageFor(string objectKey) =>
        string.IsNullOrEmpty(ObjectKey) && !string.IsNullOrEmpty(objectKey) ? FormatMessage(ErrorClass, Operation, Tenant, objectKey, Detail) : Message;

    private static string FormatMessage(DeliveryErrorClass errorClass, string operation, string tenant, string objectKey, string detail) =>
        $"{errorClass}: {(string.IsNullOrEmpty(operation) ? "(operation unknown)" : operation)} failed " +
        $"for tenant '{(string.IsNullOrEmpty(tenant) ? "(none)" : tenant)}', " +
        $"object '{(string.IsNullOrEmpty(objectKey) ? "(none)" : objectKey)}': {detail}";
}
