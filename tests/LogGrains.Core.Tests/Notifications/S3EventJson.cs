using System.Text.Json;

namespace LogGrains.Core.Tests.Notifications;

/// <summary>Builds S3 event notifications and SNS envelopes shaped like the documented AWS messages.</summary>
internal static class S3EventJson
{
    public const string Bucket = "loggrains-staging-eu-west-1";

    public static string Record(
        string encodedKey,
        string eventName = "ObjectCreated:Put",
        long size = 48213,
        string eTag = "0123456789abcdef0123456789abcdef",
        string sequencer = "0067458A7B2D3C4E5F",
        string eventTime = "2026-11-26T12:05:03.412Z",
        string bucket = Bucket) =>
        $$"""
        {
          "eventVersion": "2.1",
          "eventSource": "aws:s3",
          "awsRegion": "eu-west-1",
          "eventTime": "{{eventTime}}",
          "eventName": "{{eventName}}",
          "userIdentity": { "principalId": "AWS:AROAEXAMPLEID:vector" },
          "requestParameters": { "sourceIPAddress": "10.0.12.7" },
          "responseElements": { "x-amz-request-id": "C3D13FE58DE4C810", "x-amz-id-2": "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD" },
          "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "loggrains-objects",
            "bucket": { "name": "{{bucket}}", "ownerIdentity": { "principalId": "A3NL1KOZZKExample" }, "arn": "arn:aws:s3:::{{bucket}}" },
            "object": { "key": "{{encodedKey}}", "size": {{size}}, "eTag": "{{eTag}}", "sequencer": "{{sequencer}}" }
          }
        }
        """;

    public static string Event(params string[] records) => $$"""{ "Records": [ {{string.Join(",\n", records)}} ] }""";

    public static string TestEvent(string bucket = Bucket) =>
        $$"""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-26T11:59:00.000Z","Bucket":"{{bucket}}","RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""";

    public static string SnsEnvelope(string message, string type = "Notification") =>
        JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Type"] = type,
            ["MessageId"] = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
            ["TopicArn"] = "arn:aws:sns:eu-west-1:111122223333:loggrains-hub",
            ["Subject"] = "Amazon S3 Notification",
            ["Message"] = message,
            ["Timestamp"] = "2026-11-26T12:05:03.534Z",
            ["SignatureVersion"] = "1",
            ["Signature"] = "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
            ["SigningCertURL"] = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem",
            ["UnsubscribeURL"] = "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:eu-west-1:111122223333:loggrains-hub:0d1c",
        });
}
