using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// CloudWatch Logs over JSON 1.1 (<c>POST /</c>, <c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>) signed with
/// <see cref="SigV4SigningHandler"/> for service <c>logs</c>.
/// </summary>
/// <remarks>
/// <para>
/// Connections: one <see cref="SocketsHttpHandler"/> per endpoint (per region, or a single one when an
/// endpoint override is in force), created on first use and shared by every tenant and call for the
/// life of the client. Credentials: a <see cref="SigV4SigningHandler"/> binds its credentials at
/// construction, so each call creates a fresh, undisposed signing handler over the shared transport for the
/// target's credentials and region. That costs two small objects per call and no sockets: the handler
/// owns nothing but a reference to the transport (disposing it would dispose the shared transport, which
/// is why it is left to the GC), and the tenant's credentials never outlive the call in the client.
/// </para>
/// <para>
/// Bodies: written once into a pooled buffer and sent from it as <see cref="ReadOnlyMemoryContent"/>. Their
/// SHA-256 is computed over that buffer and passed as <c>X-Amz-Content-SHA256</c>, so the signing handler
/// neither buffers nor copies the body. The signing region is always the target's region, also when
/// the endpoint is overridden.
/// </para>
/// </remarks>
internal sealed partial class CloudWatchLogsClient : ICloudWatchLogsClient
{
    private const string Service = "logs";
    private const string TargetPrefix = "Logs_20140328.";
    private const int DescribePageSize = 50;
    private const int MaxEventsPerBatch = 10_000;

    private static readonly FrozenSet<int> RetentionDays = FrozenSet.ToFrozenSet(
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

    private readonly CloudWatchLogsClientOptions _options;
    private readonly CloudWatchLogsEndpointResolver _endpoints;
    private readonly CloudWatchLogsRetry _controlPlaneRetry;
    private readonly ILogger _logger;
    private readonly Func<HttpMessageHandler> _transportFactory;
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageHandler>> _transports = new(StringComparer.Ordinal);
    private int _disposed;

    /// <summary>Creates a client that reads endpoint overrides from the process environment.</summary>
    public CloudWatchLogsClient(CloudWatchLogsClientOptions options, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(options, logger, timeProvider, Environment.GetEnvironmentVariable, transportFactory: null)
    {
    }

    /// <summary>Creates a client with an explicit environment lookup and, for tests, a transport factory.</summary>
    internal CloudWatchLogsClient(
        CloudWatchLogsClientOptions options,
        ILogger? logger,
        TimeProvider? timeProvider,
        Func<string, string?> environment,
        Func<HttpMessageHandler>? transportFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero, nameof(options));
        _options = options;
        _endpoints = new CloudWatchLogsEndpointResolver(options.ServiceUrl, environment);
        _controlPlaneRetry = new CloudWatchLogsRetry(options.ControlPlaneRetry, timeProvider);
        _logger = logger ?? NullLogger.Instance;
        _transportFactory = transportFactory ?? (() => CreateTransport(options));
    }

    /// <summary>The endpoint requests for <paramref name="region"/> go to.</summary>
    internal Uri EndpointFor(string region) => _endpoints.Resolve(region);

    /// <inheritdoc />
    public async Task<bool> CreateLogGroupAsync(CloudWatchLogsTarget target, string logGroupName, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        var created = await CreateAsync(
            target,
            "CreateLogGroup",
            logGroupName,
            null,
            json => json.WriteString("logGroupName", logGroupName),
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            _logger.LogGroupCreated(logGroupName, target.Region);
        }

        return created;
    }

    /// <inheritdoc />
    public async Task<bool> CreateLogStreamAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        ValidateStreamName(logStreamName);
        var created = await CreateAsync(
            target,
            "CreateLogStream",
            logGroupName,
            logStreamName,
            json =>
            {
                json.WriteString("logGroupName", logGroupName);
                json.WriteString("logStreamName", logStreamName);
            },
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            _logger.LogStreamCreated(logGroupName, logStreamName, target.Region);
        }

        return created;
    }

    /// <inheritdoc />
    public Task<bool> LogGroupExistsAsync(CloudWatchLogsTarget target, string logGroupName, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        return ExistsAsync(
            target,
            "DescribeLogGroups",
            logGroupName,
            null,
            json => json.WriteString("logGroupNamePrefix", logGroupName),
            "logGroups",
            "logGroupName",
            logGroupName,
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<bool> LogStreamExistsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        ValidateStreamName(logStreamName);
        try
        {
            return await ExistsAsync(
                target,
                "DescribeLogStreams",
                logGroupName,
                logStreamName,
                json =>
                {
                    json.WriteString("logGroupName", logGroupName);
                    json.WriteString("logStreamNamePrefix", logStreamName);
                },
                "logStreams",
                "logStreamName",
                logStreamName,
                cancellationToken).ConfigureAwait(false);
        }
        catch (CloudWatchLogsException e) when (e.Kind == CloudWatchLogsErrorKind.ResourceNotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<PutLogEventsResult> PutLogEventsAsync(
        CloudWatchLogsTarget target, Action<IBufferWriter<byte>> writeBody, int eventCount, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ArgumentNullException.ThrowIfNull(writeBody);
        ArgumentOutOfRangeException.ThrowIfLessThan(eventCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(eventCount, MaxEventsPerBatch);

        using var body = new PooledBufferWriter(64 * 1024);
        writeBody(body);
        var response = await SendAsync(target, "PutLogEvents", body, null, null, cancellationToken).ConfigureAwait(false);
        return ParsePutLogEventsResult(response);
    }

    /// <inheritdoc />
    public async Task PutRetentionPolicyAsync(
        CloudWatchLogsTarget target, string logGroupName, int retentionInDays, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        if (!RetentionDays.Contains(retentionInDays))
        {
            throw new ArgumentOutOfRangeException(
                nameof(retentionInDays),
                retentionInDays,
                $"CloudWatch Logs accepts a retention of {string.Join(", ", RetentionDays.Order())} days.");
        }

        await _controlPlaneRetry.ExecuteAsync(
            ct => SendJsonAsync(
                target,
                "PutRetentionPolicy",
                logGroupName,
                null,
                json =>
                {
                    json.WriteString("logGroupName", logGroupName);
                    json.WriteNumber("retentionInDays", retentionInDays);
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        _logger.RetentionSet(logGroupName, target.Region, retentionInDays);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CloudWatchLogEvent>> GetLogEventsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, CancellationToken cancellationToken) =>
        GetLogEventsAsync(target, logGroupName, logStreamName, null, null, int.MaxValue, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CloudWatchLogEvent>> GetLogEventsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, long startTime, long endTime, int maxEvents, CancellationToken cancellationToken) =>
        GetLogEventsAsync(target, logGroupName, logStreamName, (long?)startTime, endTime, maxEvents, cancellationToken);

    private async Task<IReadOnlyList<CloudWatchLogEvent>> GetLogEventsAsync(
        CloudWatchLogsTarget target, string logGroupName, string logStreamName, long? startTime, long? endTime, int maxEvents, CancellationToken cancellationToken)
    {
        ValidateTarget(target);
        ValidateGroupName(logGroupName);
        ValidateStreamName(logStreamName);
        var events = new List<CloudWatchLogEvent>();
        string? token = null;
        while (true)
        {
            var sent = token;
            var response = await _controlPlaneRetry.ExecuteAsync(
                ct => SendJsonAsync(
                    target,
                    "GetLogEvents",
                    logGroupName,
                    logStreamName,
                    json =>
                    {
                        json.WriteString("logGroupName", logGroupName);
                        json.WriteString("logStreamName", logStreamName);
                        json.WriteBoolean("startFromHead", true);
                        if (startTime is { } start)
                        {
                            json.WriteNumber("startTime", start);
                        }

                        if (endTime is { } end)
                        {
                            json.WriteNumber("endTime", end);
                        }

                        if (sent is not null)
                        {
                            json.WriteString("nextToken", sent);
                        }
                    },
                    ct),
                cancellationToken).ConfigureAwait(false);

            using var document = JsonDocument.Parse(response);
            var page = 0;
            if (document.RootElement.TryGetProperty("events", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    events.Add(new CloudWatchLogEvent(
                        item.GetProperty("timestamp").GetInt64(),
                        item.GetProperty("message").GetString() ?? string.Empty,
                        item.TryGetProperty("ingestionTime", out var ingested) ? ingested.GetInt64() : 0));
                    page++;
                }
            }

            var next = document.RootElement.TryGetProperty("nextForwardToken", out var forward) ? forward.GetString() : null;

            // GetLogEvents signals the end by returning the token it was given.
            if (page == 0 || next is null || next == sent || events.Count >= maxEvents)
            {
                return events;
            }

            token = next;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var transport in _transports.Values)
        {
            if (transport.IsValueCreated)
            {
                transport.Value.Dispose();
            }
        }

        _transports.Clear();
    }

    internal static PutLogEventsResult ParsePutLogEventsResult(ReadOnlySpan<byte> response)
    {
        var reader = new Utf8JsonReader(response);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return PutLogEventsResult.AllAccepted;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRejected = reader.ValueTextEquals("rejectedLogEventsInfo"u8);
            reader.Read();
            if (!isRejected || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            int? tooNew = null, tooOld = null, expired = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                int? value = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var n) ? n : null;
                switch (name)
                {
                    case "tooNewLogEventStartIndex":
                        tooNew = value;
                        break;
                    case "tooOldLogEventEndIndex":
                        tooOld = value;
                        break;
                    case "expiredLogEventEndIndex":
                        expired = value;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            return new PutLogEventsResult(tooNew, tooOld, expired);
        }

        return PutLogEventsResult.AllAccepted;
    }

    /// <summary>Reads the top-level <c>logGroupName</c> and <c>logStreamName</c> of a request body, for error messages.</summary>
    internal static (string? Group, string? Stream) ReadNames(ReadOnlySpan<byte> body)
    {
        string? group = null, stream = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while ((group is null || stream is null) && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isGroup = reader.ValueTextEquals("logGroupName"u8);
                var isStream = reader.ValueTextEquals("logStreamName"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && (isGroup || isStream))
                {
                    if (isGroup)
                    {
                        group = reader.GetString();
                    }
                    else
                    {
                        stream = reader.GetString();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
        }

        return (group, stream);
    }

    private static SocketsHttpHandler CreateTransport(CloudWatchLogsClientOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        PooledConnectionLifetime = options.PooledConnectionLifetime,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private static void ValidateTarget(CloudWatchLogsTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(target.Credentials, nameof(target));
        if (string.IsNullOrEmpty(target.Region) || !RegionPattern().IsMatch(target.Region))
        {
            throw new ArgumentException($"'{target.Region}' is not an AWS region name (for example eu-west-1); the region is never defaulted.", nameof(target));
        }
    }

    private static void ValidateGroupName(string logGroupName)
    {
        ArgumentNullException.ThrowIfNull(logGroupName);
        if (!GroupNamePattern().IsMatch(logGroupName))
        {
            throw new ArgumentException($"'{logGroupName}' is not a valid log group name (1-512 characters of [.-_/#A-Za-z0-9]).", nameof(logGroupName));
        }
    }

    private static void ValidateStreamName(string logStreamName)
    {
        ArgumentNullException.ThrowIfNull(logStreamName);
        if (logStreamName.Length is 0 or > 512 || logStreamName.AsSpan().IndexOfAny(':', '*') >= 0)
        {
            throw new ArgumentException($"'{logStreamName}' is not a valid log stream name (1-512 characters, no ':' or '*').", nameof(logStreamName));
        }
    }

    private async Task<bool> CreateAsync(
        CloudWatchLogsTarget target,
        string operation,
        string logGroupName,
        string? logStreamName,
        Action<Utf8JsonWriter> writeFields,
        CancellationToken cancellationToken)
    {
        try
        {
            await _controlPlaneRetry.ExecuteAsync(
                ct => SendJsonAsync(target, operation, logGroupName, logStreamName, writeFields, ct),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (CloudWatchLogsException e) when (e.ErrorCode == "ResourceAlreadyExistsException")
        {
            return false;
        }
    }

    private async Task<bool> ExistsAsync(
        CloudWatchLogsTarget target,
        string operation,
        string logGroupName,
        string? logStreamName,
        Action<Utf8JsonWriter> writeFilter,
        string listProperty,
        string nameProperty,
        string exactName,
        CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var sent = token;
            var response = await _controlPlaneRetry.ExecuteAsync(
                ct => SendJsonAsync(
                    target,
                    operation,
                    logGroupName,
                    logStreamName,
                    json =>
                    {
                        writeFilter(json);
                        json.WriteNumber("limit", DescribePageSize);
                        if (sent is not null)
                        {
                            json.WriteString("nextToken", sent);
                        }
                    },
                    ct),
                cancellationToken).ConfigureAwait(false);

            using var document = JsonDocument.Parse(response);
            if (document.RootElement.TryGetProperty(listProperty, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    if (item.TryGetProperty(nameProperty, out var name) && name.ValueEquals(exactName))
                    {
                        return true;
                    }
                }
            }

            token = document.RootElement.TryGetProperty("nextToken", out var next) ? next.GetString() : null;
            if (token == sent)
            {
                break;
            }
        }
        while (!string.IsNullOrEmpty(token));

        return false;
    }

    private async Task<byte[]> SendJsonAsync(
        CloudWatchLogsTarget target,
        string operation,
        string? logGroupName,
        string? logStreamName,
        Action<Utf8JsonWriter> writeFields,
        CancellationToken cancellationToken)
    {
        using var body = new PooledBufferWriter(1024);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteEndObject();
        }

        return await SendAsync(target, operation, body, logGroupName, logStreamName, cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]> SendAsync(
        CloudWatchLogsTarget target,
        string operation,
        PooledBufferWriter body,
        string? logGroupName,
        string? logStreamName,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var endpoint = _endpoints.Resolve(target.Region);
        var transport = _transports.GetOrAdd(
            endpoint.GetLeftPart(UriPartial.Authority),
            static (_, factory) => new Lazy<HttpMessageHandler>(factory),
            _transportFactory).Value;

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", TargetPrefix + operation);
        request.Headers.TryAddWithoutValidation("X-Amz-Content-SHA256", Convert.ToHexStringLower(SHA256.HashData(body.WrittenSpan)));
        request.Content = new ReadOnlyMemoryContent(body.WrittenMemory);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.RegionOptionKey), target.Region);
        request.Options.Set(new HttpRequestOptionsKey<string>(SigV4SigningHandler.ServiceOptionKey), Service);

        var signer = new SigV4SigningHandler(target.Credentials, RegionEndpoint.GetBySystemName(target.Region), Service, transport);
        using var invoker = new HttpMessageInvoker(signer, disposeHandler: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return content;
            }

            var errorType = response.Headers.TryGetValues("x-amzn-ErrorType", out var values) ? values.FirstOrDefault() : null;
            var (code, message) = CloudWatchLogsErrors.Parse(content, errorType);
            throw Fail(
                CloudWatchLogsErrors.Classify(code, (int)response.StatusCode),
                (int)response.StatusCode,
                code,
                message ?? response.ReasonPhrase,
                null);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw Fail(
                CloudWatchLogsErrorKind.Transient,
                null,
                "RequestTimeout",
                $"no complete response within {_options.RequestTimeout.TotalSeconds:0.###} s",
                e);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(CloudWatchLogsErrorKind.Transient, null, null, $"transport failure: {e.HttpRequestError}", e);
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(CloudWatchLogsErrorKind.Transient, null, null, "transport failure: the connection was lost", e);
        }
        catch (AmazonServiceException e)
        {
            var code = CloudWatchLogsErrors.StripCode(e.ErrorCode);
            var status = e.StatusCode == 0 ? (int?)null : (int)e.StatusCode;
            throw Fail(
                CloudWatchLogsErrors.Classify(code, status),
                status,
                code,
                "resolving the credentials failed: " + CloudWatchLogsErrors.Redact(e.Message),
                e);
        }

        CloudWatchLogsException Fail(CloudWatchLogsErrorKind kind, int? status, string? code, string? message, Exception? inner)
        {
            if (logGroupName is null && operation == "PutLogEvents")
            {
                (logGroupName, logStreamName) = ReadNames(body.WrittenSpan);
            }

            _logger.RequestFailed(operation, target.Region, kind, status, code, logGroupName, logStreamName);
            return new CloudWatchLogsException(kind, operation, target.Region, status, code, message, logGroupName, logStreamName, inner);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupNamePattern();
}
