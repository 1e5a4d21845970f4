using LogGrains.Core.Keys;
using LogGrains.Core.Tenants;
using LogGrains.Silo.Hosting;
using LogGrains.Silo.Local;

namespace LogGrains.Silo.Cli;

/// <summary>
/// The settings the CLI verbs read, under the silo's fixed names (DESIGN §6). Unlike the silo, a verb needs only
/// the settings it uses: <c>tenants</c> needs the tenant table, <c>replay</c> the cluster tables, neither the queues.
/// Each accessor throws <see cref="CliSettingException"/> naming the setting that is missing or wrong.
/// </summary>
internal sealed class CliSettings(IConfiguration configuration)
{
    public const string AwsProfile = "aws";
    public const string LocalProfile = "local";

    public IConfiguration Configuration { get; } = configuration;

    /// <summary><c>LogGrains:Profile</c>: <c>local</c> (default) or <c>aws</c>.</summary>
    public string Profile
    {
        get
        {
            var profile = (Configuration["LogGrains:Profile"] ?? LocalProfile).Trim().ToLowerInvariant();
            return profile is AwsProfile or LocalProfile
                ? profile
                : throw new CliSettingException($"LogGrains:Profile '{Configuration["LogGrains:Profile"]}' is unknown: use 'local' or 'aws'.");
        }
    }

    public bool IsAws => Profile == AwsProfile;

    /// <summary><c>LogGrains:Aws:Region</c>, required and checked.</summary>
    public string Region
    {
        get
        {
            var region = Configuration["LogGrains:Aws:Region"];
            if (string.IsNullOrWhiteSpace(region))
            {
                throw new CliSettingException("LogGrains:Aws:Region is required in the aws profile (e.g. eu-west-1).");
            }

            return AwsRegionName.IsValid(region, out var reason)
                ? region
                : throw new CliSettingException($"LogGrains:Aws:Region '{region}' is not a region name: {reason}");
        }
    }

    /// <summary><c>LogGrains:Aws:ServiceUrl</c>, one endpoint for every client (emulators); null when unset.</summary>
    public Uri? ServiceUrl
    {
        get
        {
            var text = Configuration["LogGrains:Aws:ServiceUrl"];
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            return Uri.TryCreate(text, UriKind.Absolute, out var uri)
                ? uri
                : throw new CliSettingException($"LogGrains:Aws:ServiceUrl '{text}' is not an absolute URL.");
        }
    }

    /// <summary><c>LogGrains:Tenants:TableName</c>.</summary>
    public string TenantTableName => Required("LogGrains:Tenants:TableName", "the tenant table");

    /// <summary><c>LogGrains:Delivery:CentralRoleArn</c>, checked.</summary>
    public string CentralRoleArn
    {
        get
        {
            var arn = Required("LogGrains:Delivery:CentralRoleArn", "the central role every tenant hop starts from");
            return RoleArn.IsValid(arn, out var reason)
                ? arn
                : throw new CliSettingException($"LogGrains:Delivery:CentralRoleArn is not a role ARN: {reason}");
        }
    }

    public string MembershipTableName => Configuration["LogGrains:Cluster:MembershipTableName"] ?? AwsProfileSettings.DefaultMembershipTableName;

    public string ClusterId => SiloHostExtensions.ClusterIdentity(Configuration).ClusterId;

    public string ServiceId => SiloHostExtensions.ClusterIdentity(Configuration).ServiceId;

    /// <summary>The key layout of the staging bucket (<c>LogGrains:Poller:KeyTemplate</c>), as the pollers use it.</summary>
    public KeyLayout KeyLayout
    {
        get
        {
            var template = Configuration["LogGrains:Poller:KeyTemplate"];
            if (string.IsNullOrWhiteSpace(template))
            {
                return KeyLayout.Default;
            }

            return KeyLayout.TryCreate(template, out var layout, out var reason)
                ? layout
                : throw new CliSettingException($"LogGrains:Poller:KeyTemplate '{template}' is refused: {reason}");
        }
    }

    /// <summary>The local profile's directories (<c>LogGrains:Local:Root</c>).</summary>
    public LocalPaths LocalPaths
    {
        get
        {
            var root = Configuration["LogGrains:Local:Root"];
            return new LocalPaths(string.IsNullOrWhiteSpace(root) ? LocalProfileSettings.DefaultRoot : root);
        }
    }

    /// <summary>
    /// The defaults that tenant items are read with, as the grains read them: <c>LogGrains:Delivery:ClusterRegion</c>
    /// (else the cluster's region) and <c>LogGrains:Delivery:CentralAccountId</c> (else the central role's account).
    /// </summary>
    public TenantDefaults TenantDefaults
    {
        get
        {
            if (!IsAws)
            {
                return new TenantDefaults(
                    Configuration["LogGrains:Delivery:ClusterRegion"] ?? LocalProfileHostExtensions.LocalClusterRegion,
                    Configuration["LogGrains:Delivery:CentralAccountId"] ?? LocalProfileHostExtensions.LocalCentralAccountId);
            }

            var region = Configuration["LogGrains:Delivery:ClusterRegion"] is { Length: > 0 } clusterRegion ? clusterRegion : Region;
            var account = Configuration["LogGrains:Delivery:CentralAccountId"] is { Length: > 0 } centralAccount
                ? centralAccount
                : SiloHostExtensions.CentralAccountOf(CentralRoleArn);
            try
            {
                return new TenantDefaults(region, account);
            }
            catch (ArgumentException e)
            {
                throw new CliSettingException($"LogGrains:Delivery:ClusterRegion / LogGrains:Delivery:CentralAccountId give no usable tenant defaults: {e.Message}");
            }
        }
    }

    private string Required(string key, string what)
    {
        var value = Configuration[key];
        return string.IsNullOrWhiteSpace(value)
            ? throw new CliSettingException($"{key} is required in the aws profile ({what}).")
            : value;
    }
}
