using Amazon.SQS.Model;
using LogGrains.Testing.Aws;
using LogGrains.Testing.Moto;

namespace LogGrains.Deploy.Tests.CloudFormation;

[Collection(CloudFormationOnMoto.Name)]
public sealed class CloudFormationEndToEndTests(DeployedLogGrains deployed)
{
    [Fact]
    public async Task A_staged_object_reaches_the_customer_accounts_CloudWatch_Logs_through_the_deployed_stacks()
    {
        var logs = await deployed.LogsAsync(DeployedLogGrains.CustomerAccount);

        var stream = Assert.Single(logs, l => l.Key.Group == DeployedLogGrains.LogGroup);
        Assert.StartsWith($"{DeployedLogGrains.Application}-{DeployedLogGrains.Pod}-", stream.Key.Stream, StringComparison.Ordinal);
        Assert.Equal(deployed.ExpectedMessages, stream.Value.Select(e => e.Message));
        Assert.DoesNotContain(stream.Value, e => e.Message == deployed.TooOldMessage);
        Assert.Empty(await deployed.LogsAsync(MotoServer.DefaultAccountId));
        Assert.True(deployed.Proxy.Count("logs", "PutLogEvents") >= 2, "the first PutLogEvents was throttled, so there must have been a retry");
        deployed.Proxy.AssertNoLimitViolations();
    }

    [Fact]
    public async Task A_corrupt_object_lands_in_the_stacks_dead_letter_queue_with_its_reason()
    {
        using var sqs = TestAws.Sqs(deployed.MotoEndpoint);
        var received = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = deployed.Regional.Output("DeadLetterQueueUrl"),
            MaxNumberOfMessages = 10,
            VisibilityTimeout = 0,
            MessageAttributeNames = ["All"],
        });

        var message = Assert.Single(received.Messages ?? []);
        Assert.Equal(deployed.CorruptKey, message.MessageAttributes["loggrains-object-key"].StringValue);
        Assert.Equal(DeployedLogGrains.Tenant, message.MessageAttributes["loggrains-tenant"].StringValue);
        Assert.False(string.IsNullOrWhiteSpace(message.MessageAttributes["loggrains-reason"].StringValue));
    }

    [Fact]
    public void Tenants_validate_passes_with_the_customer_stacks_role_and_ExternalId()
    {
        var (exitCode, output) = deployed.Validation;

        Assert.True(exitCode == 0, $"loggrains tenants validate exited with {exitCode}: {output}");
    }
}
