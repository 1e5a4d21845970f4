using System.Security;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace LogGrains.Testing.Faults;

/// <summary>Writes an error the way the request's protocol expects it.</summary>
internal static class AwsErrorWriter
{
    public static async Task WriteAsync(HttpContext context, AwsRequestInfo info, AwsError error)
    {
        var requestId = Guid.NewGuid().ToString();
        var response = context.Response;
        response.StatusCode = error.StatusCode;
        response.Headers["x-amzn-RequestId"] = requestId;
        string body;
        switch (info.Protocol)
        {
            case AwsProtocol.Json:
                response.ContentType = "application/x-amz-json-1.1";
                response.Headers["x-amzn-ErrorType"] = $"{error.Code}:";
                if (info.Service == "sqs")
                {
                    response.Headers["x-amzn-query-error"] = $"{error.Code};Sender";
                }

                body = $$"""{"__type":"{{error.Code}}","message":"{{error.Message}}"}""";
                break;
            case AwsProtocol.Query:
                response.ContentType = "text/xml";
                body = $"""<ErrorResponse xmlns="https://{info.Service}.amazonaws.com/doc/"><Error><Type>{(error.StatusCode >= 500 ? "Receiver" : "Sender")}</Type><Code>{SecurityElement.Escape(error.Code)}</Code><Message>{SecurityElement.Escape(error.Message)}</Message></Error><RequestId>{requestId}</RequestId></ErrorResponse>""";
                break;
            default:
                response.ContentType = "application/xml";
                response.Headers["x-amz-request-id"] = requestId;
                body = $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{SecurityElement.Escape(error.Code)}</Code><Message>{SecurityElement.Escape(error.Message)}</Message><RequestId>{requestId}</RequestId><HostId>fault-proxy</HostId></Error>""";
                break;
        }

        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }
}
