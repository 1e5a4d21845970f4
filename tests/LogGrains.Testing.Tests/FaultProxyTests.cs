using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SQS;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Tests;

[Collection(MotoTests.Collection)]
public sealed class FaultProxyTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Throttle_rule_on_SQS_surfaces_as_a_throttling_error_after_the_SDK_retries()
    {
        using var direct = TestAws.Sqs(moto.Endpoint);
        var queueUrl = (await direct.CreateQueueAsync(MotoServer.UniqueName("throttled"))).QueueUrl;
        var config = TestAws.Configure(new AmazonSQSConfig { MaxErrorRetry = 2 }, _proxy.Endpoint);
        using var sqs = new AmazonSQSClient(TestAws.DefaultCredentials, config);
        var rule = _proxy.Inject(FaultRule.Always("sqs", "SendMessage", new FaultAction.Fail(AwsError.Throttling)));

        var error = await Assert.ThrowsAsync<AmazonSQSException>(() => sqs.SendMessageAsync(queueUrl, "hello"));

        Assert.Equal("ThrottlingException", error.ErrorCode);
        Assert.Equal(3, rule.Fired);
        Assert.Equal(3, _proxy.Count("sqs", "SendMessage"));
        var receivedDirectly = await direct.ReceiveMessageAsync(queueUrl);
        Assert.Empty(receivedDirectly.Messages ?? []);
    }

    [Fact]
    public async Task Server_errors_on_the_first_calls_are_retried_through_to_success()
    {
        using var dynamo = TestAws.DynamoDb(_proxy.Endpoint);
        _proxy.Inject(FaultRule.FirstN("dynamodb", "ListTables", new FaultAction.Fail(AwsError.InternalError), 2));

        await dynamo.ListTablesAsync();

        var calls = _proxy.Requests.Where(r => r.Info.Operation == "ListTables").ToList();
        Assert.Equal(3, calls.Count);
        Assert.Equal([500, 500, 200], calls.Select(c => c.StatusCode));
    }

    [Fact]
    public async Task Dropped_connection_is_recorded_and_retried()
    {
        using var s3 = TestAws.S3(_proxy.Endpoint);
        _proxy.Inject(FaultRule.FirstN("s3", "ListBuckets", new FaultAction.Drop(), 1));

        await s3.ListBucketsAsync();

        var calls = _proxy.Requests.Where(r => r.Info.Operation == "ListBuckets").ToList();
        Assert.Equal(["Drop", null], calls.Select(c => c.Fault));
    }

    [Fact]
    public async Task Without_retention_every_record_goes_to_the_handler_before_the_answer_and_none_is_kept()
    {
        using var dynamo = TestAws.DynamoDb(_proxy.Endpoint);
        var handed = new System.Collections.Concurrent.ConcurrentQueue<RecordedRequest>();
        _proxy.RetainRequests = false;
        _proxy.Recorded += handed.Enqueue;
        _proxy.Inject(FaultRule.FirstN("dynamodb", "ListTables", new FaultAction.Fail(AwsError.InternalError), 1));

        await dynamo.ListTablesAsync();

        Assert.Equal([(500, "InternalFailure"), (200, null)], handed.Select(r => (r.StatusCode, r.Fault)));
        Assert.All(handed, r => Assert.Equal("ListTables", r.Info.Operation));
        Assert.Contains("{", handed.Last().BodyText, StringComparison.Ordinal);
        Assert.Empty(_proxy.Requests);
        Assert.Equal(0, _proxy.Count("dynamodb"));
    }

    [Fact]
    public async Task S3_errors_are_shaped_as_REST_XML_with_the_right_code()
    {
        var config = TestAws.Configure(new AmazonS3Config { ForcePathStyle = true, MaxErrorRetry = 0 }, _proxy.Endpoint);
        using var s3 = new AmazonS3Client(TestAws.DefaultCredentials, config);
        _proxy.Inject(FaultRule.Always("s3", "GetObject", new FaultAction.Fail(AwsError.AccessDenied)));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectAsync("any-bucket", "a/b"));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task AssumeRole_is_denied_without_the_trusted_ExternalId_and_allowed_with_it()
    {
        const string role = "arn:aws:iam::222222222222:role/customer-log-writer";
        _proxy.TrustRole(role, "central-123456789012");
        var config = TestAws.Configure(new AmazonSecurityTokenServiceConfig { MaxErrorRetry = 0 }, _proxy.Endpoint);
        using var sts = new AmazonSecurityTokenServiceClient(TestAws.DefaultCredentials, config);

        var missing = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "loggrains-test" }));
        var wrong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = "loggrains-test", ExternalId = "someone-else" }));
        var granted = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = role,
            RoleSessionName = "loggrains-test",
            ExternalId = "central-123456789012",
        });

        Assert.Equal("AccessDenied", missing.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal("AccessDenied", wrong.ErrorCode);
        using var asCustomer = TestAws.Sts(moto.Endpoint, granted.Credentials);
        var caller = await asCustomer.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("222222222222", caller.Account);
    }

    [Fact]
    public void Probability_rule_fires_about_as_often_as_asked_and_repeatably()
    {
        var info = new AwsRequestInfo("logs", "PutLogEvents", AwsProtocol.Json, "AKID");
        var first = FaultRule.WithProbability("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 0.3, seed: 7);
        var second = FaultRule.WithProbability("logs", "PutLogEvents", new FaultAction.Fail(AwsError.Throttling), 0.3, seed: 7);
        var firstHits = Enumerable.Range(0, 1000).Select(_ => first.TryFire(info)).ToList();
        var secondHits = Enumerable.Range(0, 1000).Select(_ => second.TryFire(info)).ToList();

        Assert.InRange(first.Fired, 250, 350);
        Assert.Equal(firstHits, secondHits);
        Assert.False(first.TryFire(info with { Operation = "CreateLogStream" }));
        Assert.Equal(1000, first.Matched);
    }
}
