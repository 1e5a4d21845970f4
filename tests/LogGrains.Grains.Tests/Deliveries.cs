using LogGrains.Abstractions;

namespace LogGrains.Grains.Tests;

/// <summary>Builds what a tenant grain hands a stream grain: the object and a reference to the tenant's role, never its credentials.</summary>
internal static class Deliveries
{
    public const string RoleArn = "arn:aws:iam::555555555555:role/loggrains-delivery";

    public static StreamDelivery For(StagedFile file) =>
        new(file.Staged, new CredentialReference(file.Staged.Tenant, RoleArn, "123456789012", GrainWorld.Region));
}
