using LogGrains.Core.Ports;

namespace LogGrains.Core.Tests.Tenants;

public class TenantCredentialsTests
{
    private static readonly TenantCredentials Credentials = new(
        "ASIAEXAMPLEKEYID1234",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
        "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN",
        new DateTimeOffset(2026, 11, 26, 13, 0, 0, TimeSpan.Zero));

    [Fact]
    public void ToString_never_reveals_secret_or_token()
    {
        var text = Credentials.ToString();

        Assert.DoesNotContain(Credentials.SecretAccessKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Credentials.SessionToken, text, StringComparison.Ordinal);
        Assert.Contains("ASIAEXAMPLEKEYID1234", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Credentials.SecretAccessKey, $"{Credentials}", StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_need_refresh_within_the_margin_before_expiry()
    {
        var margin = TimeSpan.FromMinutes(5);
        Assert.False(Credentials.ExpiresWithin(margin, Credentials.Expiration.AddMinutes(-6)));
        Assert.True(Credentials.ExpiresWithin(margin, Credentials.Expiration.AddMinutes(-5)));
    }

    [Fact]
    public void Delivery_exception_message_names_tenant_key_and_operation()
    {
        var ex = new DeliveryException(DeliveryErrorClass.TenantBlocked, "sts:AssumeRole", "acme", "acme/c1/api/pod/f.gz", "AccessDenied");

        Assert.Equal(DeliveryErrorClass.TenantBlocked, ex.ErrorClass);
        Assert.Contains("sts:AssumeRole", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'acme'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'acme/c1/api/pod/f.gz'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AccessDenied", ex.Message, StringComparison.Ordinal);
    }
}
