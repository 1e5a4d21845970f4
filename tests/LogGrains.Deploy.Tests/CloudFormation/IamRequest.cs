using System.Text.Json;
using LogGrains.Testing.Faults;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// What IAM authorizes for one recorded AWS request: the actions and resource ARNs, as the services' authorization
/// references define them, for the operations LogGrains calls. An operation this does not know fails the test, so a
/// new call makes someone decide which policy must allow it.
/// </summary>
internal static class IamRequest
{
    private const string Region = Testing.Moto.MotoServer.Region;

    /// <summary>The (action, resource) pairs the request needs; empty for calls that need no permission.</summary>
    public static IReadOnlyList<(string Action, string Resource)> Needs(RecordedRequest request, string account)
    {
        var info = request.Info;
        return info.Service switch
        {
            "sqs" => [Sqs(request)],
            "dynamodb" => DynamoDb(request, account),
            "sts" when info.Operation == "GetCallerIdentity" => [],
            "sts" when info.Operation == "AssumeRole" => [("sts:AssumeRole", Form(request, "RoleArn"))],
            "s3" => [S3(request)],
            "logs" => [Logs(request, account)],
            _ => throw Unknown(request),
        };
    }

    private static (string, string) Sqs(RecordedRequest request)
    {
        var operation = request.Info.Operation;
        var action = "sqs:" + (operation.EndsWith("Batch", StringComparison.Ordinal) ? operation[..^"Batch".Length] : operation);
        if (operation == "GetQueueUrl")
        {
            return (action, $"arn:aws:sqs:{Region}:*:{Field(request, "QueueName")}");
        }

        var url = new Uri(Field(request, "QueueUrl"));
        var segments = url.AbsolutePath.Trim('/').Split('/');
        return (action, $"arn:aws:sqs:{Region}:{segments[0]}:{segments[1]}");
    }

    private static List<(string, string)> DynamoDb(RecordedRequest request, string account)
    {
        string Table(string name) => $"arn:aws:dynamodb:{Region}:{account}:table/{name}";
        using var body = JsonDocument.Parse(request.BodyText);
        var root = body.RootElement;
        var operation = request.Info.Operation;
        switch (operation)
        {
            case "TransactGetItems":
                return [.. root.GetProperty("TransactItems").EnumerateArray().Select(i => ("dynamodb:GetItem", Table(i.GetProperty("Get").GetProperty("TableName").GetString()!)))];
            case "TransactWriteItems":
                return [.. root.GetProperty("TransactItems").EnumerateArray().Select(i =>
                {
                    var part = i.EnumerateObject().Single();
                    var action = part.Name switch
                    {
                        "Put" => "PutItem",
                        "Update" => "UpdateItem",
                        "Delete" => "DeleteItem",
                        "ConditionCheck" => "ConditionCheckItem",
                        _ => throw new NotSupportedException($"TransactWriteItems part {part.Name}"),
                    };
                    return ("dynamodb:" + action, Table(part.Value.GetProperty("TableName").GetString()!));
                })];
            case "BatchWriteItem" or "BatchGetItem":
                return [.. root.GetProperty("RequestItems").EnumerateObject().Select(t => ("dynamodb:" + operation, Table(t.Name)))];
            case "ListTables":
                return [("dynamodb:ListTables", "*")];
            default:
                return [("dynamodb:" + operation, Table(root.GetProperty("TableName").GetString()!))];
        }
    }

    private static (string, string) S3(RecordedRequest request)
    {
        var path = request.PathAndQuery.Split('?')[0].TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? path : path[..slash];
        return request.Info.Operation switch
        {
            "GetObject" or "HeadObject" => ("s3:GetObject", $"arn:aws:s3:::{Uri.UnescapeDataString(path)}"),
            "ListObjectsV2" or "ListObjects" => ("s3:ListBucket", $"arn:aws:s3:::{bucket}"),
            _ => throw Unknown(request),
        };
    }

    private static (string, string) Logs(RecordedRequest request, string account)
    {
        var group = $"arn:aws:logs:{Region}:{account}:log-group:";
        var operation = request.Info.Operation;
        return operation switch
        {
            // IAM authorizes DescribeLogGroups against this ARN, whatever the name prefix of the request.
            "DescribeLogGroups" => ("logs:DescribeLogGroups", group + ":log-stream:"),
            "CreateLogGroup" or "DescribeLogStreams" or "GetLogEvents" => ("logs:" + operation, group + Field(request, "logGroupName")),
            "CreateLogStream" or "PutLogEvents" => ("logs:" + operation, $"{group}{Field(request, "logGroupName")}:log-stream:{Field(request, "logStreamName")}"),
            _ => throw Unknown(request),
        };
    }

    /// <summary>A field of a JSON body, or of a form body (the query protocol).</summary>
    private static string Field(RecordedRequest request, string name)
    {
        var text = request.BodyText;
        if (text.TrimStart().StartsWith('{'))
        {
            using var body = JsonDocument.Parse(text);
            return body.RootElement.GetProperty(name).GetString()!;
        }

        return Form(request, name);
    }

    private static string Form(RecordedRequest request, string name) =>
        request.BodyText.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1].Replace('+', ' '))).Single();

    private static NotSupportedException Unknown(RecordedRequest request) =>
        new($"{request.Info.Service}:{request.Info.Operation} ({request.Method} {request.PathAndQuery}) is not mapped to IAM actions in {nameof(IamRequest)}.");
}
