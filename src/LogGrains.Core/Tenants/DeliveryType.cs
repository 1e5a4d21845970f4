namespace LogGrains.Core.Tenants;

/// <summary>Where a tenant delivery sends logs: the <c>type</c> sort key of the tenant table.</summary>
public enum DeliveryType
{
    /// <summary>CloudWatch Logs (<c>type</c> = <c>cloudwatch</c>, or no <c>type</c> attribute at all).</summary>
    CloudWatch,

    /// <summary>Server-side copy into the tenant's S3 bucket (<c>type</c> = <c>s3</c>).</summary>
    S3,
}
