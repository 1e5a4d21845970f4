namespace LogGrains.Testing.Faults;

/// <summary>An AWS-shaped error to answer with.</summary>
/// <param name="Code">The error code, e.g. <c>ThrottlingException</c>.</param>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Message">The error message.</param>
public sealed record AwsError(string Code, int StatusCode, string Message)
{
    /// <summary>The throttling error of JSON services (CloudWatch Logs, SQS, DynamoDB use this code or a close cousin).</summary>
    public static AwsError Throttling { get; } = new("ThrottlingException", 400, "Rate exceeded");

    /// <summary>The throttling error of STS (query protocol).</summary>
    public static AwsError StsThrottling { get; } = new("Throttling", 400, "Rate exceeded");

    /// <summary>S3's throttling answer.</summary>
    public static AwsError SlowDown { get; } = new("SlowDown", 503, "Please reduce your request rate.");

    /// <summary>A generic 500.</summary>
    public static AwsError InternalError { get; } = new("InternalFailure", 500, "We encountered an internal error. Please try again.");

    /// <summary>A generic 503.</summary>
    public static AwsError ServiceUnavailable { get; } = new("ServiceUnavailable", 503, "Service is unavailable. Please try again.");

    /// <summary>AccessDenied as STS and S3 spell it.</summary>
    public static AwsError AccessDenied { get; } = new("AccessDenied", 403, "User is not authorized to perform this operation.");

    /// <summary>AccessDeniedException as JSON services spell it.</summary>
    public static AwsError AccessDeniedException { get; } = new("AccessDeniedException", 400, "User is not authorized to perform this operation.");
}
