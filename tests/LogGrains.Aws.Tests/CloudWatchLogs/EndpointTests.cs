using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Faults;
using LogGrains.Testing.Moto;

namespace LogGrains.Aws.Tests.CloudWatchLogs;

[Collection(MotoTests.Collection)]
public sealed class EndpointTests(MotoServer moto) : IAsyncLifetime
{
    private AwsFaultProxy _proxy = null!;

    public async Task InitializeAsync() => _proxy = await AwsFaultProxy.StartAsync(moto.Endpoint);

    public async Task DisposeAsync() => await _proxy.DisposeAsync();

    [Theory]
    [InlineData("http://explicit:1/", "http://service:2/", "http://global:3/", null, "http://explicit:1/")]
    [InlineData(null, "http://service:2/", "http://global:3/", null, "http://service:2/")]
    [InlineData(null, null, "http://global:3/", null, "http://global:3/")]
    [InlineData(null, "  ", "http://global:3/", null, "http://global:3/")]
    [InlineData(null, null, null, null, "https://logs.eu-west-3.amazonaws.com/")]
    [InlineData(null, "http://service:2/", "http://global:3/", "true", "https://logs.eu-west-3.amazonaws.com/")]
    [InlineData("http://explicit:1/", null, null, "true", "http://explicit:1/")]
    public void Endpoint_precedence_is_option_then_service_variable_then_global_variable_then_AWS(
        string? option, string? serviceVariable, string? globalVariable, string? ignore, string expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_CLOUDWATCH_LOGS"] = serviceVariable,
            ["AWS_ENDPOINT_URL"] = globalVariable,
            ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = ignore,
        };
        var resolver = new CloudWatchLogsEndpointResolver(option is null ? null : new Uri(option), name => environment.GetValueOrDefault(name));

        Assert.Equal(new Uri(expected), resolver.Resolve("eu-west-3"));
    }

    [Theory]
    [InlineData("us-east-1", "https://logs.us-east-1.amazonaws.com/")]
    [InlineData("cn-north-1", "https://logs.cn-north-1.amazonaws.com.cn/")]
    [InlineData("cn-northwest-1", "https://logs.cn-northwest-1.amazonaws.com.cn/")]
    [InlineData("us-gov-west-1", "https://logs.us-gov-west-1.amazonaws.com/")]
    public void Default_endpoint_follows_the_region_and_its_partition(string region, string expected) =>
        Assert.Equal(new Uri(expected), CloudWatchLogsEndpointResolver.DefaultEndpoint(region));

    [Fact]
    public void An_environment_endpoint_that_is_not_a_URL_is_refused_with_the_variable_named()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new CloudWatchLogsEndpointResolver(null, name => name == "AWS_ENDPOINT_URL" ? "not a url" : null));

        Assert.Contains("AWS_ENDPOINT_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_through_an_environment_override_are_signed_for_the_target_region()
    {
        var recorder = new RecordingHandler();
        using var client = new CloudWatchLogsClient(
            new CloudWatchLogsClientOptions(),
            logger: null,
            timeProvider: null,
            name => name == "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS" ? _proxy.Endpoint.ToString() : null,
            () => recorder);
        var target = TestClients.Target(region: "eu-west-3");
        var group = TestClients.GroupName("regional");

        await client.CreateLogGroupAsync(target, group, CancellationToken.None);
        var inTargetRegion = await client.LogGroupExistsAsync(target, group, CancellationToken.None);

        Assert.True(inTargetRegion);
        Assert.All(recorder.Sent, sent =>
        {
            Assert.Equal(_proxy.Endpoint.Authority, sent.Uri.Authority);
            Assert.Contains("/eu-west-3/logs/aws4_request", sent.Authorization, StringComparison.Ordinal);
        });
        Assert.Equal(2, recorder.Sent.Count);
        using var usEast1 = new SignedAwsHttp(moto.Endpoint, "logs");
        var (_, groupsInUsEast1) = await usEast1.PostJsonAsync("Logs_20140328.DescribeLogGroups", $$"""{"logGroupNamePrefix":"{{group}}"}""");
        Assert.DoesNotContain(group, groupsInUsEast1, StringComparison.Ordinal);
        Assert.Equal(2, _proxy.Count("logs", null));
        _proxy.AssertNoLimitViolations();
    }
}
