namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// The tests that share one deployment on moto (<see cref="DeployedLogGrains"/>): its own moto_server, so this
/// assembly needs no other moto collection. They run one after another; OpenTelemetry listens to meters
/// process-wide, so no other silo of this assembly should run while the Grafana test scrapes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CloudFormationOnMoto : ICollectionFixture<DeployedLogGrains>
{
    public const string Name = "CloudFormation stacks deployed on moto";
}
