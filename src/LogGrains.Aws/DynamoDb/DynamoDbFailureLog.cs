using LogGrains.Core.Ports;

namespace LogGrains.Aws.DynamoDb;

/// <summary>An adapter's own log event for a failed call: the operation, what it was for (a stream or a tenant), the class, the error code and HTTP status.</summary>
internal delegate void DynamoDbFailureLog(string operation, string subject, DeliveryErrorClass errorClass, string errorCode, int httpStatus);
