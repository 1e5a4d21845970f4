namespace LogGrains.Testing.Faults;

/// <summary>The wire protocol of an AWS request, which decides the shape of an error response.</summary>
public enum AwsProtocol
{
    /// <summary>JSON 1.0 or 1.1 with <c>X-Amz-Target</c> (SQS, DynamoDB, CloudWatch Logs).</summary>
    Json,

    /// <summary>Form-encoded query protocol with an XML response (STS, SNS).</summary>
    Query,

    /// <summary>REST with XML bodies (S3).</summary>
    RestXml,
}
