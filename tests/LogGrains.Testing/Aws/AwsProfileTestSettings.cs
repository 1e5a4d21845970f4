using System.Globalization;
using LogGrains.Testing.Moto;

namespace LogGrains.Testing.Aws;

/// <summary>The settings the AWS profile needs to run a silo against moto: fresh cluster tables and free ports each call.</summary>
public static class AwsProfileTestSettings
{
    public const string CentralRoleArn = "arn:aws:iam::123456789012:role/loggrains-central";

    /// <param name="serviceUrl">moto, or the fault proxy in front of it.</param>
    /// <param name="queueUrl">The work queue.</param>
    /// <param name="deadLetterQueueUrl">Its dead-letter queue.</param>
    /// <param name="tenantTable">The tenant table.</param>
    public static Dictionary<string, string?> For(Uri serviceUrl, string queueUrl, string deadLetterQueueUrl, string tenantTable) => new()
    {
        ["LogGrains:Profile"] = "aws",
        ["LogGrains:Aws:Region"] = MotoServer.Region,
        ["LogGrains:Aws:ServiceUrl"] = serviceUrl.ToString(),
        ["LogGrains:Sqs:QueueUrl"] = queueUrl,
        ["LogGrains:Sqs:DeadLetterQueueUrl"] = deadLetterQueueUrl,
        ["LogGrains:Delivery:CentralRoleArn"] = CentralRoleArn,
        ["LogGrains:Tenants:TableName"] = tenantTable,
        ["LogGrains:Cluster:MembershipTableName"] = MotoServer.UniqueName("membership"),
        ["LogGrains:Cluster:GrainStateTableName"] = MotoServer.UniqueName("grains"),
        ["LogGrains:Delivery:CheckpointTableName"] = MotoServer.UniqueName("checkpoints"),
        ["LogGrains:Cluster:ClusterId"] = MotoServer.UniqueName("cluster"),
        ["LogGrains:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Web:Port"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
        ["LogGrains:Poller:WaitTime"] = "00:00:01",
    };
}
