using LogGrains.Aws.Hosting;
using LogGrains.Aws.Usage;
using LogGrains.Core.Keys;
using LogGrains.Core.Tenants;
using LogGrains.Grains;
using LogGrains.Grains.Hosting;
using LogGrains.Grains.Polling;
using LogGrains.Local;
using Microsoft.Extensions.Options;

namespace LogGrains.Cli;

/// <summary>
/// The settings the CLI verbs read: the silo's own option classes, read and checked by the silo's own validators
/// (<see cref="AwsProfileSettings"/>, <see cref="LogGrainsClusterOptions"/>, <see cref="DeliveryOptions"/>,
/// <see cref="PollerOptions"/>, <see cref="LocalProfileSettings"/>). Unlike the silo, a verb checks only the settings it
/// uses: <c>tenants</c> needs the tenant table, <c>replay</c> the cluster tables, neither the queues. Each accessor
/// throws <see cref="CliSettingException"/> naming the setting that is missing or wrong.
/// </summary>
internal sealed class CliSettings(IConfiguration configuration)
{
    private AwsProfileSettings? _aws;
    private IReadOnlyList<string>? _awsProblems;

    public IConfiguration Configuration { get; } = configuration;

    /// <summary><c>LogGrains:Profile</c>: <c>local</c> (default) or <c>aws</c>.</summary>
    public string Profile
    {
        get
        {
            try
            {
                return LogGrainsProfile.From(Configuration);
            }
            catch (InvalidOperationException e)
            {
                throw new CliSettingException(e.Message, e);
            }
        }
    }

    public bool IsAws => Profile == LogGrainsProfile.Aws;

    /// <summary><c>LogGrains:Aws:Region</c>, required and checked.</summary>
    public string Region => Aws("LogGrains:Aws:Region").Region;

    /// <summary><c>LogGrains:Aws:ServiceUrl</c>, one endpoint for every client (emulators); null when unset.</summary>
    public Uri? ServiceUrl => Aws("LogGrains:Aws:ServiceUrl").ServiceUrl;

    /// <summary><c>LogGrains:Tenants:TableName</c>.</summary>
    public string TenantTableName => Aws("LogGrains:Tenants:TableName").TenantTableName;

    /// <summary><c>LogGrains:Delivery:CentralRoleArn</c>, checked.</summary>
    public string CentralRoleArn => Aws("LogGrains:Delivery:CentralRoleArn").CentralRoleArn;

    /// <summary><c>LogGrains:Cluster</c>: the cluster the verbs that call grains connect to, checked as the silo checks it.</summary>
    public LogGrainsClusterOptions Cluster => Bind(LogGrainsClusterOptions.Section, new LogGrainsClusterOptions(), new LogGrainsClusterOptionsValidator());

    /// <summary>
    /// <c>LogGrains:Delivery</c>: limits, stream names and the tenant defaults, checked as the silo checks them. The
    /// defaults are filled in as the silo's profile fills them: <c>ClusterRegion</c> from the cluster's region and
    /// <c>CentralAccountId</c> from the central role's account (the local profile's fixed values there).
    /// </summary>
    public DeliveryOptions Delivery => Bind(DeliveryOptions.Section, new DeliveryOptions(), new DeliveryOptionsValidator(), options =>
    {
        if (options.ClusterRegion.Length == 0)
        {
            options.ClusterRegion = IsAws ? Region : LocalProfileSettings.LocalClusterRegion;
        }

        if (options.CentralAccountId.Length == 0)
        {
            options.CentralAccountId = IsAws ? RoleArn.AccountOf(CentralRoleArn) : LocalProfileSettings.LocalCentralAccountId;
        }
    });

    /// <summary>
    /// <c>LogGrains:Usage</c>: the aws profile's usage table, in the cluster's region and at its endpoint, checked as the
    /// silo checks it.
    /// </summary>
    public DynamoDbUsageLedgerOptions Usage => Bind(DynamoDbUsageLedgerOptions.SectionName, new DynamoDbUsageLedgerOptions(), new DynamoDbUsageLedgerOptionsValidator(), options =>
    {
        options.Region = Region;
        options.ServiceUrl = ServiceUrl;
    });

    /// <summary>The key layout of the staging bucket (<c>LogGrains:Poller:KeyTemplate</c>), as the pollers use it.</summary>
    public KeyLayout KeyLayout => KeyLayout.Create(Bind(PollerOptions.Section, new PollerOptions(), new PollerOptionsValidator()).KeyTemplate);

    /// <summary>The local profile's directories (<c>LogGrains:Local:Root</c>).</summary>
    public LocalPaths LocalPaths
    {
        get
        {
            try
            {
                return new LocalPaths(LocalProfileSettings.From(Configuration).Root);
            }
            catch (InvalidOperationException e)
            {
                throw new CliSettingException(e.Message, e);
            }
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
            var delivery = Delivery;
            return new TenantDefaults(delivery.ClusterRegion, delivery.CentralAccountId);
        }
    }

    /// <summary>The aws profile's settings once the one named by <paramref name="setting"/> passed its check.</summary>
    private AwsProfileSettings Aws(string setting)
    {
        _aws ??= AwsProfileSettings.From(Configuration);
        _awsProblems ??= _aws.Problems();
        var problem = _awsProblems.FirstOrDefault(p => p.StartsWith(setting + " ", StringComparison.Ordinal));
        return problem is null ? _aws : throw new CliSettingException(problem);
    }

    /// <summary>Binds one section the way the silo binds it and checks it with the silo's validator.</summary>
    /// <exception cref="CliSettingException">The section does not bind or fails its check; the message names the setting.</exception>
    private T Bind<T>(string section, T options, IValidateOptions<T> validator, Action<T>? postConfigure = null)
        where T : class
    {
        try
        {
            return OptionsReader.Read(Configuration, section, options, validator, postConfigure);
        }
        catch (InvalidOperationException e)
        {
            throw new CliSettingException(e.Message, e);
        }
    }
}
