using LogGrains.Core.Keys;
using LogGrains.Core.Notifications;
using LogGrains.Core.Objects;

namespace LogGrains.Core.Tests.Notifications;

public class NotificationParserTests
{
    private const string EncodedKey = "acme/c-2f9a/payments/payments-7d9f/1764158400-5b1c.json.gz";

    [Fact]
    public void Raw_S3_event_yields_the_object_with_all_fields()
    {
        var result = NotificationParser.Parse(S3EventJson.Event(S3EventJson.Record(EncodedKey)));

        var objects = Assert.IsType<ObjectsNotification>(result);
        var obj = Assert.Single(objects.Objects);
        Assert.Equal(
            new ObjectRef(
                S3EventJson.Bucket,
                EncodedKey,
                48213,
                "0123456789abcdef0123456789abcdef",
                "0067458A7B2D3C4E5F",
                new DateTimeOffset(2026, 11, 26, 12, 5, 3, 412, TimeSpan.Zero)),
            obj);
        Assert.Equal(0, objects.IgnoredRecordCount);
    }

    [Fact]
    public void SNS_envelope_yields_the_same_objects_as_the_raw_event()
    {
        var raw = S3EventJson.Event(S3EventJson.Record(EncodedKey));

        var viaSns = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(S3EventJson.SnsEnvelope(raw)));
        var direct = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(raw));

        Assert.Equal(direct.Objects, viaSns.Objects);
    }

    [Fact]
    public void Several_records_in_one_message_all_come_out_in_order()
    {
        var body = S3EventJson.SnsEnvelope(S3EventJson.Event(
            S3EventJson.Record("acme/c1/api/pod-1/a.gz", sequencer: "01"),
            S3EventJson.Record("acme/c1/api/pod-2/b.gz", eventName: "ObjectCreated:CompleteMultipartUpload", sequencer: "02"),
            S3EventJson.Record("globex/c1/web/pod-3/c.gz", eventName: "ObjectCreated:Copy", sequencer: "03")));

        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(body));

        Assert.Equal(["acme/c1/api/pod-1/a.gz", "acme/c1/api/pod-2/b.gz", "globex/c1/web/pod-3/c.gz"], objects.Objects.Select(o => o.Key));
        Assert.Equal(["01", "02", "03"], objects.Objects.Select(o => o.Sequencer));
    }

    [Fact]
    public void Keys_with_unicode_and_spaces_round_trip_through_the_event()
    {
        const string original = "acme/c1/api/pöd 1/日志 file+x%2F.json.gz";
        var encoded = Uri.EscapeDataString(original).Replace("%2F", "/", StringComparison.Ordinal).Replace("%20", "+", StringComparison.Ordinal);
        Assert.Contains("+", encoded, StringComparison.Ordinal);

        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(S3EventJson.SnsEnvelope(S3EventJson.Event(S3EventJson.Record(encoded)))));

        Assert.Equal(original, Assert.Single(objects.Objects).Key);
    }

    [Fact]
    public void Key_is_decoded_once_only()
    {
        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(S3EventJson.Event(S3EventJson.Record("acme/c1/api/pod/a%252Fb+c.gz"))));
        Assert.Equal("acme/c1/api/pod/a%2Fb c.gz", Assert.Single(objects.Objects).Key);
    }

    [Fact]
    public void Quoted_etag_is_unquoted()
    {
        var record = S3EventJson.Record(EncodedKey).Replace("\"eTag\": \"0123456789abcdef0123456789abcdef\"", "\"eTag\": \"\\\"abc-2\\\"\"", StringComparison.Ordinal);
        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(S3EventJson.Event(record)));
        Assert.Equal("abc-2", Assert.Single(objects.Objects).ETag);
    }

    [Fact]
    public void Test_event_raw_and_via_SNS_is_recognised()
    {
        Assert.Equal(new TestEventNotification(S3EventJson.Bucket), NotificationParser.Parse(S3EventJson.TestEvent()));
        Assert.Equal(new TestEventNotification(S3EventJson.Bucket), NotificationParser.Parse(S3EventJson.SnsEnvelope(S3EventJson.TestEvent())));
    }

    [Fact]
    public void Only_removed_objects_is_ignored_with_a_counted_reason()
    {
        var body = S3EventJson.Event(
            S3EventJson.Record("acme/c1/api/pod/a.gz", eventName: "ObjectRemoved:Delete"),
            S3EventJson.Record("acme/c1/api/pod/b.gz", eventName: "ObjectRemoved:DeleteMarkerCreated"));

        var ignored = Assert.IsType<IgnoredNotification>(NotificationParser.Parse(body));

        Assert.Equal(NotificationIgnoreReason.NoObjectCreatedRecords, ignored.Reason);
        Assert.Contains("ObjectRemoved:Delete", ignored.Detail, StringComparison.Ordinal);
        Assert.Contains("ObjectRemoved:DeleteMarkerCreated", ignored.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Created_records_are_kept_and_removed_ones_counted_when_mixed()
    {
        var body = S3EventJson.Event(
            S3EventJson.Record("acme/c1/api/pod/a.gz", eventName: "ObjectRemoved:Delete"),
            S3EventJson.Record("acme/c1/api/pod/b.gz"));

        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(body));

        Assert.Equal("acme/c1/api/pod/b.gz", Assert.Single(objects.Objects).Key);
        Assert.Equal(1, objects.IgnoredRecordCount);
    }

    [Fact]
    public void Empty_records_array_is_ignored()
    {
        var ignored = Assert.IsType<IgnoredNotification>(NotificationParser.Parse("""{"Records":[]}"""));
        Assert.Equal(NotificationIgnoreReason.NoRecords, ignored.Reason);
    }

    [Theory]
    [InlineData("", NotificationRejectionReason.NotJson, "empty")]
    [InlineData("   ", NotificationRejectionReason.NotJson, "empty")]
    [InlineData("hello world", NotificationRejectionReason.NotJson, "not JSON")]
    [InlineData("{\"Records\": [", NotificationRejectionReason.NotJson, "not JSON")]
    [InlineData("[1,2,3]", NotificationRejectionReason.UnknownShape, "Array")]
    [InlineData("{\"foo\": 1}", NotificationRejectionReason.UnknownShape, "neither an S3 event")]
    [InlineData("{\"Records\": {}}", NotificationRejectionReason.UnknownShape, "Records is a JSON Object")]
    [InlineData("{\"Event\": \"s3:SomethingElse\"}", NotificationRejectionReason.UnknownShape, "neither")]
    [InlineData("{\"version\":\"0\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\",\"detail\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}}", NotificationRejectionReason.EventBridgeUnsupported, "EventBridge")]
    [InlineData("{\"Type\": \"SubscriptionConfirmation\", \"Message\": \"You have chosen to subscribe\"}", NotificationRejectionReason.InvalidSnsEnvelope, "'SubscriptionConfirmation'")]
    [InlineData("{\"Type\": \"Notification\"}", NotificationRejectionReason.InvalidSnsEnvelope, "no Message")]
    [InlineData("{\"Type\": \"Notification\", \"Message\": {\"Records\": []}}", NotificationRejectionReason.InvalidSnsEnvelope, "no Message string")]
    [InlineData("{\"Type\": \"Notification\", \"Message\": \"not json\"}", NotificationRejectionReason.NotJson, "SNS Message is not JSON")]
    [InlineData("{\"Type\": \"Notification\", \"Message\": \"42\"}", NotificationRejectionReason.UnknownShape, "SNS Message is a JSON Number")]
    public void Garbage_is_rejected_with_a_reason(string body, NotificationRejectionReason reason, string named)
    {
        var rejected = Assert.IsType<RejectedNotification>(NotificationParser.Parse(body));
        Assert.Equal(reason, rejected.Reason);
        Assert.Contains(named, rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_missing_bucket_name_rejects_the_message_naming_the_record()
    {
        var body = S3EventJson.Event(S3EventJson.Record("acme/c1/api/pod/a.gz"), S3EventJson.Record("acme/c1/api/pod/b.gz", bucket: ""));
        var rejected = Assert.IsType<RejectedNotification>(NotificationParser.Parse(body));
        Assert.Equal(NotificationRejectionReason.InvalidRecord, rejected.Reason);
        Assert.Contains("record 1: s3.bucket.name", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_missing_key_is_rejected()
    {
        var record = S3EventJson.Record("x").Replace("\"key\": \"x\",", "", StringComparison.Ordinal);
        var rejected = Assert.IsType<RejectedNotification>(NotificationParser.Parse(S3EventJson.Event(record)));
        Assert.Equal(NotificationRejectionReason.InvalidRecord, rejected.Reason);
        Assert.Contains("record 0: s3.object.key", rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_with_undecodable_key_is_rejected()
    {
        var rejected = Assert.IsType<RejectedNotification>(NotificationParser.Parse(S3EventJson.Event(S3EventJson.Record("acme/c1/api/pod/a%zz.gz"))));
        Assert.Equal(NotificationRejectionReason.UndecodableKey, rejected.Reason);
        Assert.Contains("'%zz'", rejected.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"eventSource\": \"aws:s3\"", "\"eventSource\": \"aws:sqs\"", "eventSource is 'aws:sqs'")]
    [InlineData("\"eventTime\": \"2026-11-26T12:05:03.412Z\"", "\"eventTime\": \"yesterday\"", "eventTime 'yesterday'")]
    [InlineData("\"eventTime\": \"2026-11-26T12:05:03.412Z\",", "", "eventTime ''")]
    [InlineData("\"size\": 48213", "\"size\": \"48213\"", "s3.object.size")]
    [InlineData("\"size\": 48213", "\"size\": -1", "s3.object.size")]
    [InlineData("\"eventName\": \"ObjectCreated:Put\",", "", "eventName is missing")]
    public void Record_with_a_broken_field_is_rejected_naming_the_field(string find, string replace, string named)
    {
        var record = S3EventJson.Record(EncodedKey).Replace(find, replace, StringComparison.Ordinal);
        var rejected = Assert.IsType<RejectedNotification>(NotificationParser.Parse(S3EventJson.Event(record)));
        Assert.Equal(NotificationRejectionReason.InvalidRecord, rejected.Reason);
        Assert.Contains(named, rejected.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_without_size_gets_zero()
    {
        var record = S3EventJson.Record(EncodedKey).Replace("\"size\": 48213,", "", StringComparison.Ordinal);
        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(S3EventJson.Event(record)));
        Assert.Equal(0, Assert.Single(objects.Objects).Size);
    }

    [Fact]
    public void Malformed_key_layout_is_left_to_the_caller_so_good_records_survive()
    {
        var body = S3EventJson.Event(S3EventJson.Record("acme/c1/api/pod/good.gz"), S3EventJson.Record("acme/../api/pod/bad.gz"));

        var objects = Assert.IsType<ObjectsNotification>(NotificationParser.Parse(body));

        var verdicts = objects.Objects.Select(o => KeyLayout.Default.TryParse(o.Key, out _, out _)).ToList();
        Assert.Equal([true, false], verdicts);
    }
}
