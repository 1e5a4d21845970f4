using LogGrains.Core.Ports;

namespace LogGrains.Core.Tests.Ports;

public sealed class DeliveryExceptionTests
{
    [Fact]
    public void A_failure_raised_before_its_object_was_known_names_the_object_it_is_reported_for()
    {
        var failure = new DeliveryException(DeliveryErrorClass.TenantBlocked, "sts:AssumeRole", "acme", string.Empty, "AccessDenied");

        Assert.Equal("TenantBlocked: sts:AssumeRole failed for tenant 'acme', object 'acme/c1/api/pod/f.gz': AccessDenied", failure.MessageFor("acme/c1/api/pod/f.gz"));
        Assert.Contains("object '(none)'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_that_names_its_object_keeps_it()
    {
        var failure = new DeliveryException(DeliveryErrorClass.Poison, "s3:GetObject", "acme", "acme/c1/api/pod/a.gz", "corrupt gzip");

        Assert.Equal(failure.Message, failure.MessageFor("acme/c1/api/pod/b.gz"));
    }
}
