using System.Text;
using System.Web;

namespace LogGrains.Testing.Faults;

/// <summary>Finds the service, operation and protocol of a raw AWS request.</summary>
public static class AwsRequestClassifier
{
    /// <summary>Classifies a request from its method, path, query, headers and body.</summary>
    public static AwsRequestInfo Classify(
        string method, string path, string query, Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(header);
        var (service, accessKey) = CredentialScope(header("Authorization"), query);
        var target = header("X-Amz-Target");
        if (!string.IsNullOrEmpty(target))
        {
            var dot = target.LastIndexOf('.');
            return new AwsRequestInfo(service, dot >= 0 ? target[(dot + 1)..] : target, AwsProtocol.Json, accessKey);
        }

        var contentType = header("Content-Type") ?? string.Empty;
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var action = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))["Action"];
            if (action is not null)
            {
                return new AwsRequestInfo(service, action, AwsProtocol.Query, accessKey);
            }
        }

        var queryAction = HttpUtility.ParseQueryString(query)["Action"];
        if (queryAction is not null)
        {
            return new AwsRequestInfo(service, queryAction, AwsProtocol.Query, accessKey);
        }

        return new AwsRequestInfo(service, S3Operation(method, path, query, header), AwsProtocol.RestXml, accessKey);
    }

    /// <summary>Reads service and access key from <c>Credential=AKID/date/region/service/aws4_request</c>.</summary>
    private static (string Service, string AccessKey) CredentialScope(string? authorization, string query)
    {
        var credential = string.Empty;
        if (authorization is not null)
        {
            var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
            if (at >= 0)
            {
                var start = at + "Credential=".Length;
                var end = authorization.IndexOfAny([',', ' '], start);
                credential = end < 0 ? authorization[start..] : authorization[start..end];
            }
        }
        else
        {
            credential = HttpUtility.ParseQueryString(query)["X-Amz-Credential"] ?? string.Empty;
        }

        var parts = credential.Split('/');
        return parts.Length >= 5 ? (parts[3], parts[0]) : (string.Empty, parts.Length > 0 ? parts[0] : string.Empty);
    }

    private static string S3Operation(string method, string path, string query, Func<string, string?> header)
    {
        var segments = path.Trim('/').Split('/', 2, StringSplitOptions.RemoveEmptyEntries);
        var hasKey = segments.Length == 2;
        var q = HttpUtility.ParseQueryString(query);
        bool Has(string name) => q.AllKeys.Contains(name) || query.Split('&').Contains(name);

        return (method, segments.Length, hasKey) switch
        {
            ("GET", 0, _) => "ListBuckets",
            ("GET", _, true) when Has("acl") => "GetObjectAcl",
            ("GET", _, true) => "GetObject",
            ("HEAD", _, true) => "HeadObject",
            ("PUT", _, true) when header("x-amz-copy-source") is not null && Has("uploadId") => "UploadPartCopy",
            ("PUT", _, true) when header("x-amz-copy-source") is not null => "CopyObject",
            ("PUT", _, true) when Has("uploadId") => "UploadPart",
            ("POST", _, true) when Has("uploads") => "CreateMultipartUpload",
            ("POST", _, true) when Has("uploadId") => "CompleteMultipartUpload",
            ("DELETE", _, true) when Has("uploadId") => "AbortMultipartUpload",
            ("PUT", _, true) when Has("acl") => "PutObjectAcl",
            ("PUT", _, true) => "PutObject",
            ("DELETE", _, true) => "DeleteObject",
            ("PUT", _, false) when Has("notification") => "PutBucketNotificationConfiguration",
            ("PUT", _, false) when Has("policy") => "PutBucketPolicy",
            ("PUT", _, false) => "CreateBucket",
            ("DELETE", _, false) => "DeleteBucket",
            ("HEAD", _, false) => "HeadBucket",
            ("POST", _, false) when Has("delete") => "DeleteObjects",
            ("GET", _, false) when q["list-type"] == "2" => "ListObjectsV2",
            ("GET", _, false) when Has("notification") => "GetBucketNotificationConfiguration",
            ("GET", _, false) when Has("uploads") => "ListMultipartUploads",
            ("GET", _, false) => "ListObjects",
            _ => $"{method} {path}",
        };
    }
}
