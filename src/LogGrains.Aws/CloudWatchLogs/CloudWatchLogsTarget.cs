using System.Text;
using Amazon.Runtime;

namespace LogGrains.Aws.CloudWatchLogs;

/// <summary>
/// Where one CloudWatch Logs call goes and as whom: the tenant's target region and the tenant's
/// (assumed-role) credentials. Both are given per call, never defaulted.
/// </summary>
/// <param name="Region">The AWS region system name, for example <c>eu-west-1</c>; also the signing region.</param>
/// <param name="Credentials">The credentials to sign with; resolved on every request.</param>
public sealed record CloudWatchLogsTarget(string Region, AWSCredentials Credentials)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Region = ").Append(Region);
        return true;
    }
}
