using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace LogGrains.Orleans.DynamoDB.Membership;

/// <summary>
/// The membership table layout: partition key <see cref="ClusterIdAttribute"/>, sort key <see cref="RowKeyAttribute"/>
/// holding either a silo's parsable address or <see cref="VersionRowKey"/> (a silo address never starts with '$').
/// </summary>
internal static class MembershipItemMapper
{
    public const string ClusterIdAttribute = "ClusterId";
    public const string RowKeyAttribute = "RowKey";
    public const string VersionRowKey = "$version";
    public const string EtagAttribute = "Etag";
    public const string VersionAttribute = "Version";
    public const string IAmAliveTimeAttribute = "IAmAliveTime";
    public const string StatusAttribute = "Status";
    private const string SiloAddressAttribute = "SiloAddress";
    private const string ProxyPortAttribute = "ProxyPort";
    private const string HostNameAttribute = "HostName";
    private const string SiloNameAttribute = "SiloName";
    private const string RoleNameAttribute = "RoleName";
    private const string UpdateZoneAttribute = "UpdateZone";
    private const string FaultZoneAttribute = "FaultZone";
    private const string StartTimeAttribute = "StartTime";
    private const string SuspectTimesAttribute = "SuspectTimes";
    private const string SuspectSiloAttribute = "Silo";
    private const string SuspectTimeAttribute = "Time";

    public static Dictionary<string, AttributeValue> Key(string clusterId, string rowKey) => new()
    {
        [ClusterIdAttribute] = new AttributeValue { S = clusterId },
        [RowKeyAttribute] = new AttributeValue { S = rowKey },
    };

    public static string RowKey(SiloAddress silo) => silo.ToParsableString();

    public static Dictionary<string, AttributeValue> VersionItem(string clusterId, int version, string etag)
    {
        var item = Key(clusterId, VersionRowKey);
        item[VersionAttribute] = Number(version);
        item[EtagAttribute] = new AttributeValue { S = etag };
        return item;
    }

    public static TableVersion ToTableVersion(Dictionary<string, AttributeValue>? item) =>
        item is null || item.Count == 0
            ? new TableVersion(0, string.Empty)
            : new TableVersion(int.Parse(item[VersionAttribute].N, CultureInfo.InvariantCulture), item[EtagAttribute].S);

    public static Dictionary<string, AttributeValue> SiloItem(string clusterId, MembershipEntry entry, string etag)
    {
        var item = Key(clusterId, RowKey(entry.SiloAddress));
        item[SiloAddressAttribute] = new AttributeValue { S = entry.SiloAddress.ToParsableString() };
        item[StatusAttribute] = Number((int)entry.Status);
        item[ProxyPortAttribute] = Number(entry.ProxyPort);
        item[UpdateZoneAttribute] = Number(entry.UpdateZone);
        item[FaultZoneAttribute] = Number(entry.FaultZone);
        item[StartTimeAttribute] = Time(entry.StartTime);
        item[IAmAliveTimeAttribute] = Time(entry.IAmAliveTime);
        item[EtagAttribute] = new AttributeValue { S = etag };
        AddIfPresent(item, HostNameAttribute, entry.HostName);
        AddIfPresent(item, SiloNameAttribute, entry.SiloName);
        AddIfPresent(item, RoleNameAttribute, entry.RoleName);
        if (entry.SuspectTimes is { Count: > 0 } suspects)
        {
            item[SuspectTimesAttribute] = new AttributeValue
            {
                L = suspects.Select(s => new AttributeValue
                {
                    M = new Dictionary<string, AttributeValue>
                    {
                        [SuspectSiloAttribute] = new() { S = s.Item1.ToParsableString() },
                        [SuspectTimeAttribute] = Time(s.Item2),
                    },
                }).ToList(),
            };
        }

        return item;
    }

    public static Tuple<MembershipEntry, string> ToEntry(Dictionary<string, AttributeValue> item)
    {
        var entry = new MembershipEntry
        {
            SiloAddress = SiloAddress.FromParsableString(item[SiloAddressAttribute].S),
            Status = (SiloStatus)ReadInt(item, StatusAttribute),
            ProxyPort = ReadInt(item, ProxyPortAttribute),
            UpdateZone = ReadInt(item, UpdateZoneAttribute),
            FaultZone = ReadInt(item, FaultZoneAttribute),
            StartTime = ReadTime(item[StartTimeAttribute]),
            IAmAliveTime = ReadTime(item[IAmAliveTimeAttribute]),
            HostName = item.GetValueOrDefault(HostNameAttribute)?.S!,
            SiloName = item.GetValueOrDefault(SiloNameAttribute)?.S!,
            RoleName = item.GetValueOrDefault(RoleNameAttribute)?.S!,
        };
        if (item.GetValueOrDefault(SuspectTimesAttribute)?.L is { } suspects)
        {
            entry.SuspectTimes = suspects
                .Select(s => Tuple.Create(SiloAddress.FromParsableString(s.M[SuspectSiloAttribute].S), ReadTime(s.M[SuspectTimeAttribute])))
                .ToList();
        }
        else
        {
            entry.SuspectTimes = [];
        }

        return Tuple.Create(entry, item[EtagAttribute].S);
    }

    public static bool IsVersionRow(Dictionary<string, AttributeValue> item) => item[RowKeyAttribute].S == VersionRowKey;

    public static AttributeValue Time(DateTime value) =>
        new() { S = (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)).ToString("O", CultureInfo.InvariantCulture) };

    public static DateTime ReadTime(AttributeValue value) =>
        DateTime.Parse(value.S, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    public static int ReadInt(Dictionary<string, AttributeValue> item, string name) =>
        int.Parse(item[name].N, CultureInfo.InvariantCulture);

    private static AttributeValue Number(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    private static void AddIfPresent(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            item[name] = new AttributeValue { S = value };
        }
    }
}
