using Microsoft.AspNetCore.Builder;

namespace LogGrains.Silo.Tests.Hosting;

/// <summary>
/// The settings a silo of either profile needs to be built (not started): every endpoint on 127.0.0.1:1, where nothing
/// answers, for tests that read what the host registered.
/// </summary>
internal static class BuildOnlySettings
{
    public static void Apply(WebApplicationBuilder builder, string? profile, string localRoot)
    {
        builder.Configuration["LogGrains:Profile"] = profile;
        builder.Configuration["LogGrains:Local:Root"] = localRoot;
        builder.Configuration["LogGrains:Aws:Region"] = "eu-west-1";
        builder.Configuration["LogGrains:Sqs:QueueUrl"] = "http://127.0.0.1:1/q";
        builder.Configuration["LogGrains:Sqs:DeadLetterQueueUrl"] = "http://127.0.0.1:1/dlq";
        builder.Configuration["LogGrains:Delivery:CentralRoleArn"] = "arn:aws:iam::123456789012:role/central";
        builder.Configuration["LogGrains:Tenants:TableName"] = "tenants";
    }
}
