using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Amazon;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using LogGrains.Core.Ports;
using LogGrains.Core.Tenants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogGrains.Aws.Credentials;

/// <summary>
/// The double hop: base credentials (default chain: IRSA web identity on Kubernetes, or injected) assume the
/// central role, whose session assumes each customer role with its ExternalId against STS in the tenant's region.
/// </summary>
/// <remarks>
/// <para>
/// Both hops are cached until <see cref="StsCredentialBrokerOptions.RefreshMargin"/> before expiry: the central
/// session once per process, customer sessions per (tenant, role ARN, external id, region). One refresh per key is
/// in flight; concurrent callers share it; a failed refresh is not cached. Sessions last
/// <see cref="StsCredentialBrokerOptions.SessionDuration"/> (1 hour: role chaining allows no more).
/// </para>
/// <para>
/// This is the silo's credential cache: the grains ask it for every delivery round and keep nothing themselves, so a
/// tenant costs each silo about one customer AssumeRole per session lifetime, and credentials never leave the silo.
/// </para>
/// <para>
/// Failures: the customer role refusing us (AccessDenied, RegionDisabled, MalformedPolicyDocument, an invalid role
/// ARN, external id or region) is <see cref="DeliveryErrorClass.TenantBlocked"/>; STS rejecting the request shape
/// is <see cref="DeliveryErrorClass.InvalidRequest"/>; STS refusing the central role itself (AccessDenied: our own
/// configuration, no tenant's fault) is <see cref="DeliveryErrorClass.ClusterBlocked"/>, counted on
/// <c>loggrains.central_role.refusals</c>, logged once with the setting to check, and reported by
/// <see cref="CentralRoleProblem"/> until the central role works again; throttling, 5xx, timeouts and the other
/// failures of the central hop are <see cref="DeliveryErrorClass.Transient"/> (the detail says the central role
/// failed). Credentials never reach a message or a log.
/// </para>
/// </remarks>
public sealed class StsCredentialBroker : ICredentialBroker, IDisposable
{
    private const string AssumeRoleOperation = "sts:AssumeRole";
    private const string CentralKey = "central";

    /// <summary>The meter the silo exports on <c>/metrics</c> (the same name as LogGrains.Grains' <c>LogGrainsMetrics.MeterName</c>).</summary>
    public const string MeterName = "LogGrains";

    /// <summary>The counter of central role refusals.</summary>
    public const string CentralRefusalsInstrument = "loggrains.central_role.refusals";

    /// <summary>The setting that names the central role, as operators set it.</summary>
    public const string CentralRoleArnVariable = "LogGrains__Delivery__CentralRoleArn";

    /// <summary>While the central role is refused, how often <see cref="CentralRoleProblem"/> tries it again.</summary>
    public static readonly TimeSpan CentralRecheckInterval = TimeSpan.FromSeconds(10);

    private readonly StsCredentialBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly AmazonSecurityTokenServiceClient _baseSts;
    private readonly SingleFlightCredentialCache<string> _central;
    private readonly SingleFlightCredentialCache<CustomerRoleKey> _customers;
    private readonly ConcurrentDictionary<string, Lazy<AmazonSecurityTokenServiceClient>> _regionalSts = new(StringComparer.Ordinal);
    private readonly CentralRoleCredentials _centralCredentials;
    private readonly Lock _accountGate = new();
    private Task<string>? _centralAccountId;
    private readonly Meter? _ownMeter;
    private readonly Counter<long> _centralRefusals;
    private readonly Lock _refusalGate = new();
    private volatile ImmutableCredentials? _centralSession;
    private CentralRoleRefusal? _centralRefusal;
    private long _lastCentralAttemptTicks;

    /// <summary>Creates a broker.</summary>
    /// <param name="options">Settings; checked as at start-up.</param>
    /// <param name="baseCredentials">The credentials that assume the central role; the SDK's default chain when null.</param>
    /// <param name="logger">Where the broker logs; nothing when null.</param>
    /// <param name="timeProvider">The clock expiry is judged by; the system clock when null.</param>
    /// <param name="meterFactory">Where the <see cref="MeterName"/> meter comes from; a meter of the broker's own when null.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public StsCredentialBroker(
        StsCredentialBrokerOptions options,
        AWSCredentials? baseCredentials = null,
        ILogger<StsCredentialBroker>? logger = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = StsCredentialBrokerOptionsValidator.Failures(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _central = new SingleFlightCredentialCache<string>(_timeProvider, options.RefreshMargin);
        _customers = new SingleFlightCredentialCache<CustomerRoleKey>(_timeProvider, options.RefreshMargin);
        _centralCredentials = new CentralRoleCredentials(() => _centralSession);
        var meter = meterFactory?.Create(MeterName) ?? (_ownMeter = new Meter(MeterName));
        _centralRefusals = meter.CreateCounter<long>(
            CentralRefusalsInstrument,
            "{refusal}",
            "Times STS refused this silo's central role (AccessDenied and the like): LogGrains' own configuration; see /readyz.");
        var baseConfig = Configure(options.Region);
        _baseSts = baseCredentials is null
            ? new AmazonSecurityTokenServiceClient(baseConfig)
            : new AmazonSecurityTokenServiceClient(baseCredentials, baseConfig);
    }

    /// <inheritdoc/>
    /// <remarks>Cached per (tenant, role ARN, external id, region) until the refresh margin before expiry.</remarks>
    public async Task<TenantCredentials> GetCredentialsAsync(
        string tenantId,
        string roleArn,
        string externalId,
        string region,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (!RoleArn.IsValid(roleArn, out var roleReason))
        {
            throw new DeliveryException(DeliveryErrorClass.TenantBlocked, AssumeRoleOperation, tenantId, "", $"customer role: {roleReason}");
        }

        if (!ExternalId.IsValid(externalId, out var externalReason))
        {
            throw new DeliveryException(DeliveryErrorClass.TenantBlocked, AssumeRoleOperation, tenantId, "", $"customer role {roleArn}: {externalReason}");
        }

        if (!AwsRegionName.IsValid(region, out var regionReason))
        {
            throw new DeliveryException(DeliveryErrorClass.TenantBlocked, AssumeRoleOperation, tenantId, "", $"customer role {roleArn}: target region {regionReason}");
        }

        return await _customers
            .GetAsync(new CustomerRoleKey(tenantId, roleArn, externalId, region), AssumeCustomerRoleAsync, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The central account id (the account of the central role's session, from <c>GetCallerIdentity</c>): the default
    /// <c>external_id</c> of every tenant, for <see cref="TenantDefaults"/> at start-up. Asked once; a failure is not kept.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The 12-digit account id.</returns>
    /// <exception cref="DeliveryException">
    /// <see cref="DeliveryErrorClass.ClusterBlocked"/> when STS refuses the central role; <see cref="DeliveryErrorClass.Transient"/>
    /// when STS cannot be reached or the central role fails otherwise.
    /// </exception>
    public async Task<string> GetCentralAccountIdAsync(CancellationToken cancellationToken)
    {
        Task<string> task;
        lock (_accountGate)
        {
            if (_centralAccountId is null || _centralAccountId.IsFaulted || _centralAccountId.IsCanceled)
            {
                _centralAccountId = FetchCentralAccountIdAsync();
            }

            task = _centralAccountId;
        }

        return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops a tenant's cached session, so the next <see cref="GetCredentialsAsync"/> assumes the role again: for a
    /// caller that saw the session refused (revoked sessions, a changed trust policy) before it expired.
    /// </summary>
    /// <param name="tenantId">The tenant.</param>
    /// <param name="roleArn">The customer role ARN.</param>
    /// <param name="externalId">The external id.</param>
    /// <param name="region">The target region.</param>
    public void Forget(string tenantId, string roleArn, string externalId, string region) =>
        _customers.Invalidate(new CustomerRoleKey(tenantId, roleArn, externalId, region));

    /// <summary>
    /// Why this silo cannot deliver because of its central role, in one line that names the role, STS's answer and the
    /// setting to check; null while the central role works or has not been needed yet. While the role is refused, a call
    /// also tries it again in the background, at most every <see cref="CentralRecheckInterval"/>, so that a silo with
    /// nothing to deliver still notices the fix (readiness asks on every probe).
    /// </summary>
    /// <returns>The problem, or null.</returns>
    public string? CentralRoleProblem()
    {
        CentralRoleRefusal? refusal;
        lock (_refusalGate)
        {
            refusal = _centralRefusal;
        }

        if (refusal is null)
        {
            return null;
        }

        var lastAttempt = new DateTimeOffset(Interlocked.Read(ref _lastCentralAttemptTicks), TimeSpan.Zero);
        if (_timeProvider.GetUtcNow() - lastAttempt >= CentralRecheckInterval)
        {
            _ = RecheckCentralRoleAsync();
        }

        return $"central role {_options.CentralRoleArn} refused AssumeRole: {refusal.Code} (since {refusal.Since:O}); " +
            $"check {CentralRoleArnVariable} and that role's trust policy toward this silo's own identity (its IAM role or IRSA service account)";
    }

    /// <summary>The central session in use, if any: for tests that check it never leaks.</summary>
    internal ImmutableCredentials? CentralSession => _centralSession;

    /// <inheritdoc/>
    public void Dispose()
    {
        _baseSts.Dispose();
        foreach (var client in _regionalSts.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _ownMeter?.Dispose();
    }

    private async Task RecheckCentralRoleAsync()
    {
        try
        {
            await EnsureCentralSessionAsync().ConfigureAwait(false);
        }
        catch (DeliveryException)
        {
            // Recorded (and logged, if it is news) where the central role is assumed.
        }
    }

    private async Task<string> FetchCentralAccountIdAsync()
    {
        await EnsureCentralSessionAsync().ConfigureAwait(false);
        GetCallerIdentityResponse response;
        try
        {
            response = await RegionalSts(_options.Region).GetCallerIdentityAsync(new GetCallerIdentityRequest()).ConfigureAwait(false);
        }
        catch (Exception e) when (StsFailure.IsCallFailure(e))
        {
            var failure = StsFailure.From(e);
            if (failure.RefusesSigningCredentials)
            {
                _central.Invalidate(CentralKey);
            }

            throw new DeliveryException(
                DeliveryErrorClass.Transient, "sts:GetCallerIdentity", "", "",
                $"the central role {_options.CentralRoleArn} could not tell its account in {_options.Region}: {failure}", e);
        }

        _logger.CentralAccountResolved(response.Account);
        return response.Account;
    }

    private async Task<TenantCredentials> AssumeCustomerRoleAsync(CustomerRoleKey key)
    {
        try
        {
            await EnsureCentralSessionAsync().ConfigureAwait(false);
        }
        catch (DeliveryException central)
        {
            throw new DeliveryException(central.ErrorClass, AssumeRoleOperation, key.TenantId, "", $"customer role {key.RoleArn} not tried: {central.Detail}", central);
        }

        AssumeRoleResponse response;
        try
        {
            response = await RegionalSts(key.Region).AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = key.RoleArn,
                RoleSessionName = RoleSessionName.For(key.TenantId),
                ExternalId = key.ExternalId,
                DurationSeconds = (int)_options.SessionDuration.TotalSeconds,
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (StsFailure.IsCallFailure(e))
        {
            var failure = StsFailure.From(e);
            DeliveryErrorClass errorClass;
            string detail;
            if (failure.RefusesSigningCredentials)
            {
                // The request was signed with our central session, so this is ours to fix by refreshing it, not the tenant's.
                _central.Invalidate(CentralKey);
                errorClass = DeliveryErrorClass.Transient;
                detail = $"STS refused the central role {_options.CentralRoleArn}'s session while assuming customer role {key.RoleArn} in {key.Region}; it is refreshed on the next call: {failure}";
            }
            else
            {
                errorClass = failure.CustomerHopClass();
                detail = $"customer role {key.RoleArn} in {key.Region}: {failure}";
            }

            _logger.CustomerRoleFailed(key.TenantId, key.RoleArn, key.Region, errorClass, failure.Code, failure.HttpStatus);
            throw new DeliveryException(errorClass, AssumeRoleOperation, key.TenantId, "", detail, e);
        }

        var credentials = ToTenantCredentials(response.Credentials);
        _logger.CustomerRoleAssumed(key.TenantId, key.RoleArn, key.Region, credentials.Expiration);
        return credentials;
    }

    private async Task EnsureCentralSessionAsync()
    {
        var session = await _central.GetAsync(CentralKey, _ => AssumeCentralRoleAsync(), CancellationToken.None).ConfigureAwait(false);
        _centralSession = new ImmutableCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
    }

    private async Task<TenantCredentials> AssumeCentralRoleAsync()
    {
        Interlocked.Exchange(ref _lastCentralAttemptTicks, _timeProvider.GetUtcNow().UtcTicks);
        AssumeRoleResponse response;
        try
        {
            response = await _baseSts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = _options.CentralRoleArn,
                RoleSessionName = _options.CentralSessionName,
                DurationSeconds = (int)_options.SessionDuration.TotalSeconds,
            }).ConfigureAwait(false);
        }
        catch (Exception e) when (StsFailure.IsCallFailure(e))
        {
            var failure = StsFailure.From(e);
            if (failure.CentralHopClass() == DeliveryErrorClass.ClusterBlocked)
            {
                RecordCentralRefusal(failure);
                throw new DeliveryException(
                    DeliveryErrorClass.ClusterBlocked, AssumeRoleOperation, "", "",
                    $"the central role {_options.CentralRoleArn} failed in {_options.Region}: STS refused it ({failure}); LogGrains' own configuration, " +
                    $"every tenant waits and every message is kept; check {CentralRoleArnVariable} and that role's trust policy toward this silo's identity", e);
            }

            _logger.CentralRoleFailed(_options.CentralRoleArn, failure.Code, failure.HttpStatus);
            throw new DeliveryException(
                DeliveryErrorClass.Transient, AssumeRoleOperation, "", "",
                $"the central role {_options.CentralRoleArn} failed in {_options.Region} (cluster-wide: every tenant is affected): {failure}", e);
        }

        var credentials = ToTenantCredentials(response.Credentials);
        _logger.CentralRoleAssumed(_options.CentralRoleArn, credentials.Expiration);
        ClearCentralRefusal();
        return credentials;
    }

    /// <summary>Counts a refusal; the first of a run is logged, with the setting to check.</summary>
    private void RecordCentralRefusal(StsFailure failure)
    {
        _centralRefusals.Add(1, new KeyValuePair<string, object?>("code", failure.Code));
        bool news;
        lock (_refusalGate)
        {
            news = _centralRefusal is null;
            _centralRefusal = news ? new CentralRoleRefusal(failure.Code, failure.Message, _timeProvider.GetUtcNow()) : _centralRefusal! with { Code = failure.Code, Message = failure.Message };
        }

        if (news)
        {
            _logger.CentralRoleRefused(_options.CentralRoleArn, failure.Code, failure.HttpStatus, CentralRoleArnVariable);
        }
    }

    private void ClearCentralRefusal()
    {
        CentralRoleRefusal? ended;
        lock (_refusalGate)
        {
            ended = _centralRefusal;
            _centralRefusal = null;
        }

        if (ended is not null)
        {
            _logger.CentralRoleWorksAgain(_options.CentralRoleArn, ended.Since);
        }
    }

    private AmazonSecurityTokenServiceClient RegionalSts(string region) =>
        _regionalSts.GetOrAdd(region, r => new Lazy<AmazonSecurityTokenServiceClient>(() => new AmazonSecurityTokenServiceClient(_centralCredentials, Configure(r)))).Value;

    private AmazonSecurityTokenServiceConfig Configure(string region)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            AuthenticationRegion = region,
            Timeout = _options.RequestTimeout,
            MaxErrorRetry = _options.MaxErrorRetry,
            MaxStaleConnectionRetries = AwsClientDefaults.MaxStaleConnectionRetries,
        };
        if (_options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    private TenantCredentials ToTenantCredentials(Amazon.SecurityToken.Model.Credentials credentials)
    {
        // An answer without an expiry is used once and never cached, rather than trusted for a guessed lifetime.
        var expiration = credentials.Expiration is { } at
            ? new DateTimeOffset(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : _timeProvider.GetUtcNow();
        return new TenantCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, expiration);
    }
}
