using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using LogGrains.Aws.DynamoDb;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.Tests.DynamoDb;

/// <summary>The words each DynamoDB adapter's failures carry, as they were before the adapters shared one classifier.</summary>
public sealed class DynamoDbErrorClassifierTests
{
    private readonly List<string> _logged = [];

    [Fact]
    public void A_missing_checkpoint_table_is_transient_names_its_setting_and_is_logged_for_the_stream()
    {
        var errors = Checkpoints();

        var failure = errors.Classify(Service(new ResourceNotFoundException("Requested resource not found"), "ResourceNotFoundException", 400), "dynamodb:PutItem", "t1", "t1|eu-west-1|/g|s", "k");

        Assert.Equal(DeliveryErrorClass.Transient, failure.ErrorClass);
        Assert.Equal("checkpoint table 'checkpoints' does not exist in eu-west-1 (setting LogGrains:Delivery:CheckpointTableName)", failure.Detail);
        Assert.Equal(("t1", "k"), (failure.Tenant, failure.ObjectKey));
        Assert.False(failure.IsThrottling);
        Assert.Equal(["dynamodb:PutItem t1|eu-west-1|/g|s Transient ResourceNotFoundException 400"], _logged);
        Assert.True(DynamoDbErrorClassifier.IsTableMissing(failure.InnerException!));
    }

    [Fact]
    public void A_missing_tenant_table_is_the_operators_error()
    {
        var errors = new DynamoDbErrorClassifier("table", "tenants", "eu-west-1", "LogGrains:Tenants:TableName", Log) { MissingTableIsOperatorError = true };

        var failure = errors.Classify(Service(new ResourceNotFoundException("Requested resource not found"), "ResourceNotFoundException", 400), "dynamodb:Query", "t1", "t1");

        Assert.Equal(DeliveryErrorClass.InvalidRequest, failure.ErrorClass);
        Assert.Equal("table 'tenants' does not exist in eu-west-1 (setting LogGrains:Tenants:TableName): an operator error, not the tenant's", failure.Detail);
    }

    [Fact]
    public void A_malformed_request_is_invalid_and_other_errors_are_transient_with_code_and_status()
    {
        var errors = Checkpoints();

        var refused = errors.Classify(Service(new AmazonDynamoDBException("bad key"), "ValidationException", 400), "dynamodb:GetItem", "t1", "s");
        var unavailable = errors.Classify(Service(new AmazonDynamoDBException("try later"), "ServiceUnavailable", 503), "dynamodb:GetItem", "t1", "s");
        var transport = errors.Classify(new HttpRequestException("connection refused"), "dynamodb:GetItem", "t1", "s");

        Assert.Equal((DeliveryErrorClass.InvalidRequest, "checkpoint table 'checkpoints' refused the request: bad key"), (refused.ErrorClass, refused.Detail));
        Assert.Equal((DeliveryErrorClass.Transient, "checkpoint table 'checkpoints' in eu-west-1: ServiceUnavailable (HTTP 503): try later"), (unavailable.ErrorClass, unavailable.Detail));
        Assert.Equal((DeliveryErrorClass.Transient, "checkpoint table 'checkpoints' in eu-west-1: HttpRequestException: connection refused"), (transport.ErrorClass, transport.Detail));
    }

    [Fact]
    public void Throttling_is_flagged_by_code_and_by_a_transactions_cancellation_reasons()
    {
        var errors = new DynamoDbErrorClassifier("usage table", "usage", "eu-west-1", "LogGrains:Usage:TableName", Log);
        var cancelled = new TransactionCanceledException("cancelled") { CancellationReasons = [new CancellationReason { Code = "None" }, new CancellationReason { Code = "ThrottlingError" }] };

        var byCode = errors.Classify(Service(new AmazonDynamoDBException("slow down"), "ThrottlingException", 400), "dynamodb:Query", "t1", "t1");
        var byReason = errors.Classify(Service(cancelled, "TransactionCanceledException", 400), "dynamodb:TransactWriteItems", "t1", "t1");

        Assert.True(byCode.IsThrottling);
        Assert.True(byReason.IsThrottling);
        Assert.Equal("usage table 'usage' in eu-west-1: ThrottlingException (HTTP 400): slow down", byCode.Detail);
    }

    private static T Service<T>(T e, string code, int status)
        where T : AmazonServiceException
    {
        e.ErrorCode = code;
        e.StatusCode = (HttpStatusCode)status;
        return e;
    }

    private DynamoDbErrorClassifier Checkpoints() =>
        new("checkpoint table", "checkpoints", "eu-west-1", "LogGrains:Delivery:CheckpointTableName", Log);

    private void Log(string operation, string subject, DeliveryErrorClass errorClass, string code, int status) =>
        _logged.Add($"{operation} {subject} {errorClass} {code} {status}");
}
