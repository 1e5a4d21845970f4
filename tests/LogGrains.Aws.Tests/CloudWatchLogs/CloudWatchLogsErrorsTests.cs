using LogGrains.Aws.CloudWatchLogs;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

public sealed class CloudWatchLogsErrorsTests
{
    [Theory]
    [InlineData("ThrottlingException", 400, CloudWatchLogsErrorKind.Throttled)]
    [InlineData("Throttling", 400, CloudWatchLogsErrorKind.Throttled)]
    [InlineData("RequestLimitExceeded", 400, CloudWatchLogsErrorKind.Throttled)]
    [InlineData("TooManyRequestsException", 400, CloudWatchLogsErrorKind.Throttled)]
    [InlineData(null, 429, CloudWatchLogsErrorKind.Throttled)]
    [InlineData("ServiceUnavailableException", 503, CloudWatchLogsErrorKind.Transient)]
    [InlineData(null, 502, CloudWatchLogsErrorKind.Transient)]
    [InlineData("OperationAbortedException", 400, CloudWatchLogsErrorKind.Transient)]
    [InlineData("ResourceNotFoundException", 400, CloudWatchLogsErrorKind.ResourceNotFound)]
    [InlineData("AccessDeniedException", 400, CloudWatchLogsErrorKind.AccessDenied)]
    [InlineData("UnrecognizedClientException", 400, CloudWatchLogsErrorKind.AccessDenied)]
    [InlineData("InvalidSignatureException", 400, CloudWatchLogsErrorKind.AccessDenied)]
    [InlineData(null, 403, CloudWatchLogsErrorKind.AccessDenied)]
    [InlineData("InvalidParameterException", 400, CloudWatchLogsErrorKind.InvalidRequest)]
    [InlineData("DataAlreadyAcceptedException", 400, CloudWatchLogsErrorKind.InvalidRequest)]
    [InlineData("InvalidSequenceTokenException", 400, CloudWatchLogsErrorKind.InvalidRequest)]
    [InlineData("LimitExceededException", 400, CloudWatchLogsErrorKind.Other)]
    [InlineData("SomethingNew", 400, CloudWatchLogsErrorKind.Other)]
    public void Error_codes_and_statuses_map_to_kinds(string? code, int status, CloudWatchLogsErrorKind expected) =>
        Assert.Equal(expected, CloudWatchLogsErrors.Classify(code, status));

    [Theory]
    [InlineData("""{"__type":"com.amazonaws.logs#ThrottlingException","message":"Rate exceeded"}""", null, "ThrottlingException", "Rate exceeded")]
    [InlineData("""{"__type":"ResourceNotFoundException","Message":"gone"}""", null, "ResourceNotFoundException", "gone")]
    [InlineData("<html>502 Bad Gateway</html>", null, null, null)]
    [InlineData("", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", "ThrottlingException", null)]
    public void Error_bodies_yield_code_without_namespace_and_message(string body, string? header, string? code, string? message)
    {
        var parsed = CloudWatchLogsErrors.Parse(System.Text.Encoding.UTF8.GetBytes(body), header);

        Assert.Equal(code, parsed.Code);
        Assert.Equal(message, parsed.Message);
    }

    [Fact]
    public void Signature_error_messages_lose_the_echoed_canonical_request_and_any_token()
    {
        const string token = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";
        var message = "The request signature we calculated does not match the signature you provided. x-amz-security-token:" + token
            + "\n\nThe Canonical String for this request should have been\n'POST\n/\n\nx-amz-security-token:" + token + "'";

        var redacted = CloudWatchLogsErrors.Redact(message);

        Assert.DoesNotContain(token, redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("Canonical String", redacted, StringComparison.Ordinal);
        Assert.StartsWith("The request signature we calculated", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Exception_message_names_operation_region_group_stream_status_and_code()
    {
        var error = new CloudWatchLogsException(
            CloudWatchLogsErrorKind.ResourceNotFound, "PutLogEvents", "eu-west-1", 400, "ResourceNotFoundException", "The specified log group does not exist.", "/t/app", "app-pod");

        Assert.Equal(
            "CloudWatch Logs PutLogEvents in eu-west-1 for log group '/t/app' stream 'app-pod' failed (ResourceNotFound): HTTP 400 ResourceNotFoundException: The specified log group does not exist.",
            error.Message);
    }

    [Fact]
    public void Target_prints_its_region_but_never_its_credentials()
    {
        var target = new CloudWatchLogsTarget("eu-west-1", new Amazon.Runtime.BasicAWSCredentials("AKIDSECRETPRINT", "SECRETKEYPRINT"));

        Assert.Equal("CloudWatchLogsTarget { Region = eu-west-1 }", target.ToString());
    }
}
