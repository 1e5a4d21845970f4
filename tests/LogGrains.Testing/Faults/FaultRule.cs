namespace LogGrains.Testing.Faults;

/// <summary>
/// A fault to inject into requests that match a service and (optionally) an operation, for every call,
/// with a probability, or for the first N matching calls.
/// </summary>
public sealed class FaultRule
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private int _matched;
    private int _fired;

    private FaultRule(string service, string? operation, FaultAction action, double probability, int? firstCalls, int seed, int skip = 0)
    {
        Skip = skip;
        Service = service;
        Operation = operation;
        Action = action;
        Probability = probability;
        FirstCalls = firstCalls;
        _random = new Random(seed);
    }

    /// <summary>The signing service this rule matches (<c>sqs</c>, <c>sts</c>, <c>logs</c>, <c>s3</c>, <c>dynamodb</c>, <c>sns</c>).</summary>
    public string Service { get; }

    /// <summary>The operation this rule matches, or null for every operation of the service.</summary>
    public string? Operation { get; }

    /// <summary>What the rule does.</summary>
    public FaultAction Action { get; }

    /// <summary>The chance (0..1) that a matching call is hit, when not limited to the first calls.</summary>
    public double Probability { get; }

    /// <summary>When set, only the first this-many matching calls are hit.</summary>
    public int? FirstCalls { get; }

    /// <summary>Matching calls let through untouched before the rule starts to fire.</summary>
    public int Skip { get; }

    /// <summary>How many calls this rule has hit.</summary>
    public int Fired => Volatile.Read(ref _fired);

    /// <summary>How many calls matched this rule's service and operation.</summary>
    public int Matched => Volatile.Read(ref _matched);

    /// <summary>Hits every matching call.</summary>
    public static FaultRule Always(string service, string? operation, FaultAction action) =>
        new(service, operation, action, 1.0, null, 0);

    /// <summary>Hits each matching call with the given probability (seeded, so a run is repeatable).</summary>
    public static FaultRule WithProbability(string service, string? operation, FaultAction action, double probability, int seed = 1234)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probability, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        return new(service, operation, action, probability, null, seed);
    }

    /// <summary>Hits the first <paramref name="count"/> matching calls, then lets the rest through.</summary>
    public static FaultRule FirstN(string service, string? operation, FaultAction action, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(service, operation, action, 1.0, count, 0);
    }

    /// <summary>Lets the first <paramref name="skip"/> matching calls through, then hits the next <paramref name="count"/>.</summary>
    public static FaultRule AfterN(string service, string? operation, FaultAction action, int skip, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new(service, operation, action, 1.0, count, 0, skip);
    }

    /// <summary>Decides whether this rule hits a request (counts the match; used by the proxy).</summary>
    public bool TryFire(AwsRequestInfo info)
    {
        if (!string.Equals(info.Service, Service, StringComparison.OrdinalIgnoreCase)
            || (Operation is not null && !string.Equals(info.Operation, Operation, StringComparison.Ordinal)))
        {
            return false;
        }

        lock (_gate)
        {
            _matched++;
            if (_matched <= Skip)
            {
                return false;
            }

            var hit = FirstCalls is { } first ? _fired < first : _random.NextDouble() < Probability;
            if (hit)
            {
                _fired++;
            }

            return hit;
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Service}:{Operation ?? "*"} {Action} ({(FirstCalls is { } n ? $"first {n}" : $"p={Probability}")})";
}
