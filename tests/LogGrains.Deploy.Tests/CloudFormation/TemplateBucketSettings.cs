using Amazon.S3;
using Amazon.S3.Model;

namespace LogGrains.Deploy.Tests.CloudFormation;

/// <summary>
/// moto's CloudFormation creates an <c>AWS::S3::Bucket</c> but ignores its <c>NotificationConfiguration</c> and
/// <c>LifecycleConfiguration</c>. This applies exactly what regional.yaml declares for the staging bucket through the
/// S3 API, read from the template (with its !Ref values resolved against the deployed stack). A key it does not know
/// fails the test rather than being skipped, so what moto runs never differs silently from the template.
/// </summary>
internal static class TemplateBucketSettings
{
    public const string BucketResource = "StagingBucket";

    public static async Task ApplyAsync(IAmazonS3 s3, CfnTemplate template, StackDeployment stack)
    {
        var bucket = stack.Resources[BucketResource].PhysicalId;
        if (template.Property(BucketResource, "NotificationConfiguration") is { } notification)
        {
            await s3.PutBucketNotificationAsync(Notification(bucket, Map(template.Resolve(notification, stack))));
        }

        if (template.Property(BucketResource, "LifecycleConfiguration") is { } lifecycle)
        {
            await s3.PutLifecycleConfigurationAsync(Lifecycle(bucket, Map(template.Resolve(lifecycle, stack))));
        }
    }

    private static PutBucketNotificationRequest Notification(string bucket, Dictionary<string, object> declared)
    {
        Only(declared, "NotificationConfiguration", "TopicConfigurations");
        var request = new PutBucketNotificationRequest { BucketName = bucket, TopicConfigurations = [] };
        foreach (var item in List(declared["TopicConfigurations"]))
        {
            var topic = Map(item);
            Only(topic, "TopicConfiguration", "Event", "Topic", "Filter");
            var configuration = new TopicConfiguration { Topic = (string)topic["Topic"], Events = [EventType.FindValue((string)topic["Event"])] };
            if (topic.TryGetValue("Filter", out var filter))
            {
                Only(Map(filter), "Filter", "S3Key");
                var key = Map(Map(filter)["S3Key"]);
                Only(key, "S3Key", "Rules");
                configuration.Filter = new Filter
                {
                    S3KeyFilter = new S3KeyFilter
                    {
                        FilterRules = [.. List(key["Rules"]).Select(Map).Select(r => new FilterRule((string)r["Name"], (string)r["Value"]))],
                    },
                };
            }

            request.TopicConfigurations.Add(configuration);
        }

        return request;
    }

    private static PutLifecycleConfigurationRequest Lifecycle(string bucket, Dictionary<string, object> declared)
    {
        Only(declared, "LifecycleConfiguration", "Rules");
        var rules = new List<LifecycleRule>();
        foreach (var item in List(declared["Rules"]))
        {
            var rule = Map(item);
            Only(rule, "Rule", "Id", "Status", "ExpirationInDays", "AbortIncompleteMultipartUpload");
            var lifecycle = new LifecycleRule
            {
                Id = (string)rule["Id"],
                Status = LifecycleRuleStatus.FindValue((string)rule["Status"]),
                Filter = new LifecycleFilter { Prefix = string.Empty },
            };
            if (rule.TryGetValue("ExpirationInDays", out var days))
            {
                lifecycle.Expiration = new LifecycleRuleExpiration { Days = CfnTemplate.Int(days) };
            }

            if (rule.TryGetValue("AbortIncompleteMultipartUpload", out var abort))
            {
                Only(Map(abort), "AbortIncompleteMultipartUpload", "DaysAfterInitiation");
                lifecycle.AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload
                {
                    DaysAfterInitiation = CfnTemplate.Int(Map(abort)["DaysAfterInitiation"]),
                };
            }

            rules.Add(lifecycle);
        }

        return new PutLifecycleConfigurationRequest { BucketName = bucket, Configuration = new LifecycleConfiguration { Rules = rules } };
    }

    private static void Only(Dictionary<string, object> declared, string what, params string[] known)
    {
        var unknown = declared.Keys.Except(known, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{what} in regional.yaml declares {string.Join(", ", unknown)}, which {nameof(TemplateBucketSettings)} does not apply yet.");
        }
    }

    private static Dictionary<string, object> Map(object value) => (Dictionary<string, object>)value;

    private static List<object> List(object value) => (List<object>)value;
}
