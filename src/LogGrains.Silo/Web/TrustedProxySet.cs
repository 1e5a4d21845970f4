using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LogGrains.Silo.Web;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> the silo believes (<c>LogGrains:Web:TrustedProxies</c>): single
/// addresses and CIDR networks, IPv4 or IPv6. Empty means no forwarded header is believed.
/// </summary>
internal sealed class TrustedProxySet
{
    /// <summary>The environment variable operators set.</summary>
    public const string Setting = "LogGrains__Web__TrustedProxies";

    public static readonly TrustedProxySet None = new([], []);

    private TrustedProxySet(IReadOnlyList<IPAddress> addresses, IReadOnlyList<IPNetwork> networks)
    {
        Addresses = addresses;
        Networks = networks;
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    public IReadOnlyList<IPNetwork> Networks { get; }

    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    /// <summary>Whether <paramref name="address"/> is a trusted proxy; an IPv4-mapped IPv6 address counts as its IPv4 address.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Addresses.Contains(plain) || Networks.Any(n => n.Contains(plain));
    }

    /// <summary>
    /// Reads the configured values; each may hold several entries separated by commas (the one-variable form) and
    /// blank entries are skipped. Returns the first entry that is neither an address nor a CIDR network.
    /// </summary>
    public static bool TryParse(IEnumerable<string> values, out TrustedProxySet proxies, out string? badEntry)
    {
        ArgumentNullException.ThrowIfNull(values);
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var entry in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                if (!TryParseNetwork(entry, out var network))
                {
                    proxies = None;
                    badEntry = entry;
                    return false;
                }

                networks.Add(network);
            }
            else if (TryParseAddress(entry, out var address))
            {
                // A peer is compared as IPv4 when it is IPv4-mapped (so is the middleware's second try), so the entry is too.
                addresses.Add(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
            }
            else
            {
                proxies = None;
                badEntry = entry;
                return false;
            }
        }

        proxies = addresses.Count == 0 && networks.Count == 0 ? None : new TrustedProxySet(addresses, networks);
        badEntry = null;
        return true;
    }

    private static bool TryParseNetwork(string entry, out IPNetwork network)
    {
        network = default;
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var prefix = entry[(slash + 1)..];
        return TryParseAddress(entry[..slash], out var address)
            && prefix.Length > 0
            && prefix.All(char.IsAsciiDigit)
            && int.TryParse(prefix, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            && length <= (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)
            && IPNetwork.TryParse(entry, out network);
    }

    /// <summary>
    /// An address as an operator writes it. <see cref="IPAddress.TryParse(string, out IPAddress)"/> also takes the old
    /// short IPv4 forms ("10.1" is 10.0.0.1), which here are far more likely a typo, so IPv4 must be four dotted numbers.
    /// </summary>
    private static bool TryParseAddress(string text, out IPAddress address)
    {
        if (!IPAddress.TryParse(text, out address!))
        {
            return false;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6
            ? text.Contains(':', StringComparison.Ordinal)
            : string.Equals(address.ToString(), text, StringComparison.Ordinal);
    }
}
