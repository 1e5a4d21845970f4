using Amazon.Runtime;
using LogGrains.Aws.CloudWatchLogs;
using LogGrains.Aws.Credentials;
using LogGrains.Core.Content;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using Spectre.Console;

namespace LogGrains.Cli;

/// <summary>
/// <c>loggrains tenants validate TENANT</c>: for each delivery item, whether it parses, then both role hops exactly as
/// delivery takes them (<see cref="StsCredentialBroker"/>: the central role, then the customer role with the item's
/// ExternalId in its target region), then, for CloudWatch deliveries, <c>DescribeLogGroups</c> with the customer's
/// credentials, matching the group name exactly (a prefix match would take <c>/a/app-2</c> for <c>/a/app</c>), and,
/// for S3 deliveries, <see cref="BucketProbe"/>: HeadBucket and a one-key listing under <c>bucket_prefix</c> with the
/// customer's credentials, which write nothing and do not prove <c>s3:PutObject</c>. An invalid content rule (a pattern
/// that does not compile or cannot run in linear time, a limit exceeded) is among the item's reasons. Each
/// <c>--sample</c> line is run through every valid cloudwatch delivery's content rules, which shows whether the event is
/// kept and the text delivered.
/// </summary>
internal sealed class TenantValidation(CliContext context, CliSettings settings)
{
    public async Task<int> RunAsync(string tenantId, bool json, IReadOnlyList<string> samples, CancellationToken cancellationToken)
    {
        if (!settings.IsAws)
        {
            throw new CliSettingException("LogGrains:Profile is 'local': tenants validate assumes AWS roles and needs LogGrains:Profile=aws.");
        }

        var defaults = settings.TenantDefaults;
        var checks = await CheckAsync(tenantId, defaults, samples, cancellationToken).ConfigureAwait(false);
        var ok = checks.All(c => c.Ok);
        if (json)
        {
            context.WriteLineRaw(TenantCommands.Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("tenant", tenantId);
                w.WriteBoolean("ok", ok);
                w.WriteStartArray("checks");
                foreach (var check in checks)
                {
                    w.WriteStartObject();
                    w.WriteString("delivery", check.Delivery);
                    w.WriteString("check", check.Check);
                    w.WriteBoolean("ok", check.Ok);
                    w.WriteString("detail", check.Detail);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }));
        }
        else
        {
            var table = new Table().AddColumns("", "delivery", "check", "result").Title(Markup.Escape($"tenant {tenantId}"));
            foreach (var check in checks)
            {
                table.AddRow(TenantCommands.Cells(check.Ok ? "✓" : "✗", check.Delivery, check.Check, check.Detail));
            }

            context.Out.Write(table);
            context.WriteLineRaw(ok ? $"✓ tenant '{tenantId}': every check passed" : $"✗ tenant '{tenantId}': {checks.Count(c => !c.Ok)} check(s) failed");
        }

        return ok ? 0 : 1;
    }

    private async Task<List<TenantCheck>> CheckAsync(string tenantId, TenantDefaults defaults, IReadOnlyList<string> samples, CancellationToken cancellationToken)
    {
        var checks = new List<TenantCheck>();
        IReadOnlyList<TenantItem> items;
        using (var lease = TenantStores.Open(settings))
        {
            items = await lease.Store.GetItemsAsync(tenantId, cancellationToken).ConfigureAwait(false);
        }

        var configuration = TenantConfigParser.Parse(tenantId, items, defaults);
        if (!configuration.IsKnown)
        {
            checks.Add(new TenantCheck("-", "configuration", false, $"tenant '{tenantId}' has no item in table '{settings.TenantTableName}'"));
            return checks;
        }

        foreach (var delivery in configuration.Deliveries)
        {
            checks.Add(delivery switch
            {
                InvalidTenantDelivery invalid => new TenantCheck(invalid.Type, "configuration", false, string.Join("; ", invalid.Reasons)),
                ValidTenantDelivery { Config: var c } => new TenantCheck(
                    TenantConfigParser.TypeText(c.Type), "configuration", true, c.Enabled ? "valid" : "valid, disabled (checked anyway)"),
                _ => throw new InvalidOperationException("unknown delivery kind"),
            });
        }

        var configs = configuration.ValidConfigs;
        foreach (var config in configs.Where(c => c.Type == DeliveryType.CloudWatch))
        {
            checks.AddRange(SampleChecks(config, samples));
        }

        if (configs.Count == 0)
        {
            return checks;
        }

        using var broker = new StsCredentialBroker(new StsCredentialBrokerOptions
        {
            CentralRoleArn = settings.CentralRoleArn,
            Region = settings.Region,
            ServiceUrl = settings.ServiceUrl,
            MaxErrorRetry = 1,
        });
        string? centralFailure = null;
        try
        {
            var account = await broker.GetCentralAccountIdAsync(cancellationToken).ConfigureAwait(false);
            checks.Add(new TenantCheck("cluster", $"central role {settings.CentralRoleArn}", true, $"assumed in {settings.Region} (account {account})"));
        }
        catch (DeliveryException e)
        {
            centralFailure = e.Detail;
            checks.Add(new TenantCheck("cluster", $"central role {settings.CentralRoleArn}", false, e.Detail));
        }

        using var logs = CloudWatchLogsClientFactory.Create(new CloudWatchLogsClientOptions { ServiceUrl = settings.ServiceUrl });
        foreach (var config in configs)
        {
            var type = TenantConfigParser.TypeText(config.Type);
            var hop = $"customer role {config.LogDistributionRoleArn} (ExternalId {config.ExternalId}) in {config.TargetRegion}";
            if (centralFailure is not null)
            {
                checks.Add(new TenantCheck(type, hop, false, "not tried: the central role failed"));
                continue;
            }

            TenantCredentials credentials;
            try
            {
                credentials = await broker.GetCredentialsAsync(tenantId, config.LogDistributionRoleArn, config.ExternalId, config.TargetRegion, cancellationToken).ConfigureAwait(false);
                checks.Add(new TenantCheck(type, hop, true, $"assumed, session valid until {credentials.Expiration:u}"));
            }
            catch (DeliveryException e)
            {
                checks.Add(new TenantCheck(type, hop, false, e.Detail));
                continue;
            }

            if (config.Type == DeliveryType.CloudWatch)
            {
                checks.Add(await CheckLogGroupAsync(logs, config, credentials, cancellationToken).ConfigureAwait(false));
            }
            else if (config.Type == DeliveryType.S3)
            {
                checks.AddRange(await BucketProbe.CheckAsync(settings, config, credentials, cancellationToken).ConfigureAwait(false));
            }
        }

        return checks;
    }

    /// <summary>What the delivery's content rules do to each sample line; informational, so always passed.</summary>
    private static IEnumerable<TenantCheck> SampleChecks(TenantConfig config, IReadOnlyList<string> samples)
    {
        if (samples.Count == 0)
        {
            yield break;
        }

        // The parser compiled these rules already (valid delivery), so this is the cached instance.
        if (!ContentRules.TryCompile(config.ContentRules, out var rules, out var reasons))
        {
            throw new InvalidOperationException($"a valid delivery's content rules do not compile: {string.Join("; ", reasons)}");
        }

        for (var i = 0; i < samples.Count; i++)
        {
            var result = rules.Apply(samples[i]);
            var check = $"sample {i + 1}: {samples[i]}";
            var matches = string.Join(", ", result.Matches.Select(m => $"{m.Key} ×{m.Value}"));
            var detail = (result.Kept, result.Matches.Count > 0) switch
            {
                (false, false) => "excluded by include_patterns/exclude_patterns",
                (false, true) => $"excluded: redacted to nothing ({matches})",
                (true, false) => "kept, unchanged",
                (true, true) => $"kept, redacted ({matches}): {result.Text}",
            };

            yield return new TenantCheck("cloudwatch", check, true, detail);
        }
    }

    private static async Task<TenantCheck> CheckLogGroupAsync(ICloudWatchLogsClient logs, TenantConfig config, TenantCredentials credentials, CancellationToken cancellationToken)
    {
        var check = $"log group {config.LogGroupName} in {config.TargetRegion} (DescribeLogGroups, exact name)";
        var target = new CloudWatchLogsTarget(
            config.TargetRegion,
            new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        try
        {
            var exists = await logs.LogGroupExistsAsync(target, config.LogGroupName!, cancellationToken).ConfigureAwait(false);
            return exists
                ? new TenantCheck("cloudwatch", check, true, "exists, visible to the customer role")
                : new TenantCheck("cloudwatch", check, false, "not found with the customer's credentials; the first delivery will try to create it (needs logs:CreateLogGroup)");
        }
        catch (CloudWatchLogsException e)
        {
            return new TenantCheck("cloudwatch", check, false, e.Message);
        }
    }
}
