using LogGrains.Core.Ports;

namespace LogGrains.Testing.Ports;

/// <summary>STS in memory: hands out fixed credentials, or fails with the class the test sets. Counts calls per tenant.</summary>
public sealed class FakeCredentialBroker : ICredentialBroker
{
    public static readonly TenantCredentials Credentials = new("ASIAFAKE", "fake-secret", "fake-token", DateTimeOffset.UtcNow.AddHours(1));

    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeliveryErrorClass> _failures = new(StringComparer.Ordinal);

    public int Calls(string tenant)
    {
        lock (_lock)
        {
            return _calls.GetValueOrDefault(tenant);
        }
    }

    /// <summary>From now on, the tenant's role cannot be assumed (<see langword="null"/>: it can again).</summary>
    public void Fail(string tenant, DeliveryErrorClass? errorClass)
    {
        lock (_lock)
        {
            if (errorClass is { } value)
            {
                _failures[tenant] = value;
            }
            else
            {
                _failures.Remove(tenant);
            }
        }
    }

    public Task<TenantCredentials> GetCredentialsAsync(string tenantId, string roleArn, string externalId, string region, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _calls[tenantId] = _calls.GetValueOrDefault(tenantId) + 1;
            if (_failures.TryGetValue(tenantId, out var errorClass))
            {
                throw new DeliveryException(errorClass, "sts:AssumeRole", tenantId, string.Empty, $"scripted {errorClass} for role {roleArn}");
            }
        }

        return Task.FromResult(Credentials);
    }
}
