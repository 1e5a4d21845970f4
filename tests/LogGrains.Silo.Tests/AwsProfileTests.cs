using Amazon.DynamoDBv2.Model;
using LogGrains.Silo.Hosting;
using LogGrains.Testing;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;
using Microsoft.AspNetCore.Builder;

namespace LogGrains.Silo.Tests;

[Collection(MotoTests.Collection)]
public sealed class AwsProfileTests(MotoServer moto)
{
    [Fact]
    public async Task Aws_profile_runs_a_silo_on_DynamoDB_membership_and_grain_storage()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        var chain = await StagingChain.CreateAsync(moto.Endpoint);
        var settings = Settings(chain);
        var builder = WebApplication.CreateBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddLogGrains();
        builder.Configuration["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = builder.Build();
        await app.StartAsync();
        try
        {
            using var dynamo = TestAws.DynamoDb(moto.Endpoint);
            var rows = await dynamo.ScanAsync(new ScanRequest { TableName = settings["LogGrains:Cluster:MembershipTableName"] });
            var active = ((int)global::Orleans.Runtime.SiloStatus.Active).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Single(rows.Items, item => item.TryGetValue("Status", out var status) && status.N == active);
            var tables = await dynamo.ListTablesAsync();
            Assert.Contains(settings["LogGrains:Cluster:GrainStateTableName"], tables.TableNames);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Theory]
    [InlineData("LogGrains:Sqs:QueueUrl", "", "LogGrains:Sqs:QueueUrl")]
    [InlineData("LogGrains:Delivery:CentralRoleArn", "arn:aws:iam::12345:user/not-a-role", "LogGrains:Delivery:CentralRoleArn")]
    [InlineData("LogGrains:Aws:Region", "", "LogGrains:Aws:Region")]
    [InlineData("LogGrains:Profile", "kubernetes", "LogGrains:Profile")]
    public void A_bad_setting_stops_start_up_with_a_message_naming_it(string key, string value, string named)
    {
        var settings = Settings(new StagingChain("b", "arn:aws:sns:us-east-1:123456789012:t", "http://127.0.0.1:1/q", "arn:aws:sqs:us-east-1:123456789012:q", "http://127.0.0.1:1/dlq"));
        settings[key] = value;
        var builder = WebApplication.CreateBuilder();
        foreach (var (k, v) in settings)
        {
            builder.Configuration[k] = v;
        }

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddLogGrains());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    private Dictionary<string, string?> Settings(StagingChain chain) =>
        AwsProfileTestSettings.For(moto.Endpoint, chain.QueueUrl, chain.DeadLetterQueueUrl, MotoServer.UniqueName("tenants"));
}
