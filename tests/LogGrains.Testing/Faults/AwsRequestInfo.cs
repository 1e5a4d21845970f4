namespace LogGrains.Testing.Faults;

/// <summary>What the proxy understood of one request.</summary>
/// <param name="Service">The signing service from the SigV4 credential scope (<c>sqs</c>, <c>sts</c>, <c>logs</c>, <c>s3</c>, <c>dynamodb</c>, <c>sns</c>), or empty.</param>
/// <param name="Operation">The operation: from <c>X-Amz-Target</c>, the query <c>Action</c>, or derived from the S3 method and path.</param>
/// <param name="Protocol">The protocol, for shaping errors.</param>
/// <param name="AccessKeyId">The access key id from the credential scope, which tells moto's account apart.</param>
public sealed record AwsRequestInfo(string Service, string Operation, AwsProtocol Protocol, string AccessKeyId);
