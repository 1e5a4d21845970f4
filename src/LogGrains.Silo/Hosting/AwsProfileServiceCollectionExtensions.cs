using LogGrains.Aws.Checkpoints;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Aws.Credentials;
using LogGrains.Aws.Destinations;
using LogGrains.Aws.Hosting;
using LogGrains.Aws.S3;
using LogGrains.Aws.Sqs;
using LogGrains.Aws.Tenants;
using LogGrains.Aws.Usage;
using LogGrains.Core.Ports;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LogGrains.Silo.Hosting;

/// <summary>Registers the AWS adapters behind every port, from <see cref="AwsProfileSettings"/>.</summary>
public static class AwsProfileServiceCollectionExtensions
{
    /// <summary>
    /// SQS source, S3 reader and copier, STS double-hop broker, DynamoDB tenant and checkpoint stores, the DynamoDB usage
    /// ledger (section <c>LogGrains:Usage</c>) and the CloudWatch Logs destination. Throws <see cref="InvalidOperationException"/> naming every bad setting.
    /// </summary>
    public static IServiceCollection AddLogGrainsAwsAdapters(this IServiceCollection services, AwsProfileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(settings));
        services.AddSqsNotificationSource(o =>
        {
            o.QueueUrl = settings.QueueUrl;
            o.DeadLetterQueueUrl = settings.DeadLetterQueueUrl;
            o.ServiceUrl = settings.ServiceUrl;
            o.Region = settings.Region;
        });
        services.AddS3ObjectReader(o =>
        {
            o.ServiceUrl = settings.ServiceUrl;
            o.Region = settings.Region;
            o.ForcePathStyle = settings.ServiceUrl is not null;
        });
        services.AddS3ObjectCopier(o =>
        {
            o.ServiceUrl = settings.ServiceUrl;
            o.ForcePathStyle = settings.ServiceUrl is not null;
        }).BindConfiguration(S3ObjectCopierOptions.SectionName);
        services.AddStsCredentialBroker(o =>
        {
            o.CentralRoleArn = settings.CentralRoleArn;
            o.Region = settings.Region;
            o.ServiceUrl = settings.ServiceUrl;
        });
        services.AddDynamoDbTenantStore(o =>
        {
            o.TableName = settings.TenantTableName;
            o.Region = settings.Region;
            o.ServiceUrl = settings.ServiceUrl;
        });
        services.AddDynamoDbCheckpointStore(o =>
        {
            o.TableName = settings.CheckpointTableName;
            o.Region = settings.Region;
            o.ServiceUrl = settings.ServiceUrl;
        });
        services.AddDynamoDbUsageLedger(o =>
        {
            o.Region = settings.Region;
            o.ServiceUrl = settings.ServiceUrl;
        }).BindConfiguration(DynamoDbUsageLedgerOptions.SectionName);
        services.TryAddSingleton(sp => CloudWatchLogsClientFactory.Create(
            new CloudWatchLogsClientOptions { ServiceUrl = settings.ServiceUrl },
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ICloudWatchLogsClient>>(),
            sp.GetService<TimeProvider>()));
        services.TryAddSingleton<ILogDestination>(sp => CloudWatchLogDestinationFactory.Create(sp.GetRequiredService<ICloudWatchLogsClient>()));
        return services;
    }
}
