using Amazon.DynamoDBv2.Model;
using LogGrains.Core.Ports;

namespace LogGrains.Aws.DynamoDb;

/// <summary>
/// How the DynamoDB adapters turn a failed call into a <see cref="DeliveryException"/>: a missing table is named with its
/// region and setting, a request DynamoDB rejects as malformed is <see cref="DeliveryErrorClass.InvalidRequest"/>, anything
/// else is <see cref="DeliveryErrorClass.Transient"/>; throttling is flagged, also when it cancelled a transaction.
/// </summary>
/// <param name="noun">How messages call the table: <c>checkpoint table</c>, <c>usage table</c>, <c>table</c>.</param>
/// <param name="tableName">The table's name.</param>
/// <param name="region">The table's region.</param>
/// <param name="setting">The setting that names the table.</param>
/// <param name="log">The adapter's log event for a failure.</param>
internal sealed class DynamoDbErrorClassifier(string noun, string tableName, string region, string setting, DynamoDbFailureLog log)
{
    private const string MissingTableCode = "ResourceNotFoundException";

    /// <summary>
    /// Whether a missing table is an operator error that retrying does not fix (<see cref="DeliveryErrorClass.InvalidRequest"/>)
    /// rather than <see cref="DeliveryErrorClass.Transient"/> (a table created on first use, or deployed late).
    /// </summary>
    public bool MissingTableIsOperatorError { get; init; }

    /// <summary>The table's name.</summary>
    public string TableName => tableName;

    /// <summary>The table as messages name it, for example <c>checkpoint table 'loggrains-checkpoints'</c>.</summary>
    public string Label { get; } = $"{noun} '{tableName}'";

    /// <summary>What a message says of a missing table: its name, region and setting.</summary>
    public string Missing => $"{Label} does not exist in {region} (setting {setting})";

    /// <summary>The label with the setting that names the table.</summary>
    public string LabelWithSetting => $"{Label} (setting {setting})";

    /// <summary>Whether <paramref name="e"/> says the table does not exist.</summary>
    public static bool IsTableMissing(Exception e) => DynamoDbCalls.ErrorOf(e).Code == MissingTableCode;

    /// <summary>The failure of <paramref name="operation"/>, logged.</summary>
    /// <param name="e">A failed call (<see cref="DynamoDbCalls.IsCallFailure"/>).</param>
    /// <param name="operation">For example <c>dynamodb:PutItem</c>.</param>
    /// <param name="tenant">The tenant concerned, or empty.</param>
    /// <param name="subject">What the call was for, as the log names it: a stream's key or the tenant.</param>
    /// <param name="objectKey">The object key concerned, or empty.</param>
    public DeliveryException Classify(Exception e, string operation, string tenant, string subject, string objectKey = "")
    {
        var (code, status) = DynamoDbCalls.ErrorOf(e);
        var (errorClass, detail) = code switch
        {
            MissingTableCode when MissingTableIsOperatorError => (DeliveryErrorClass.InvalidRequest, $"{Missing}: an operator error, not the tenant's"),
            MissingTableCode => (DeliveryErrorClass.Transient, Missing),
            "ValidationException" => (DeliveryErrorClass.InvalidRequest, $"{Label} refused the request: {e.Message}"),
            _ => (DeliveryErrorClass.Transient, $"{Label} in {region}: {code}{(status == 0 ? "" : $" (HTTP {status})")}: {e.Message}"),
        };
        log(operation, subject, errorClass, code, status);
        return new DeliveryException(errorClass, operation, tenant, objectKey, detail, e)
        {
            IsThrottling = code is "ProvisionedThroughputExceededException" or "ThrottlingException" or "RequestLimitExceeded"
                || (e is TransactionCanceledException cancelled && cancelled.CancellationReasons?.Any(r => r.Code is "ThrottlingError" or "ProvisionedThroughputExceeded") == true),
        };
    }
}
