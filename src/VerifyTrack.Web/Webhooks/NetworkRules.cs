using System.Net;
using System.Net.Sockets;

namespace VerifyTrack.Web.Webhooks;

/// <summary>
/// Which addresses a webhook may never reach unless <see cref="WebhookOptions.AllowPrivateNetworks"/> is set: anything
/// that is not the public internet (loopback, private, shared, link-local with the cloud metadata services, multicast,
/// reserved). An IPv6 address that carries an IPv4 one (mapped, compatible, NAT64, 6to4) is judged by the IPv4 one.
/// </summary>
public static class NetworkRules
{
    private sealed record Range(IPAddress Network, int PrefixLength, string Name);

    private static readonly Range[] V4 =
    [
        new(IPAddress.Parse("0.0.0.0"), 8, "this network (0.0.0.0/8)"),
        new(IPAddress.Parse("10.0.0.0"), 8, "private (10.0.0.0/8)"),
        new(IPAddress.Parse("100.64.0.0"), 10, "shared address space (100.64.0.0/10)"),
        new(IPAddress.Parse("127.0.0.0"), 8, "loopback (127.0.0.0/8)"),
        new(IPAddress.Parse("169.254.0.0"), 16, "link-local and cloud metadata (169.254.0.0/16)"),
        new(IPAddress.Parse("172.16.0.0"), 12, "private (172.16.0.0/12)"),
        new(IPAddress.Parse("192.0.0.0"), 24, "IETF protocol assignments (192.0.0.0/24)"),
        new(IPAddress.Parse("192.0.2.0"), 24, "documentation (192.0.2.0/24)"),
        new(IPAddress.Parse("192.88.99.0"), 24, "6to4 relay anycast (192.88.99.0/24)"),
        new(IPAddress.Parse("192.168.0.0"), 16, "private (192.168.0.0/16)"),
        new(IPAddress.Parse("198.18.0.0"), 15, "benchmarking (198.18.0.0/15)"),
        new(IPAddress.Parse("198.51.100.0"), 24, "documentation (198.51.100.0/24)"),
        new(IPAddress.Parse("203.0.113.0"), 24, "documentation (203.0.113.0/24)"),
        new(IPAddress.Parse("224.0.0.0"), 4, "multicast (224.0.0.0/4)"),
        new(IPAddress.Parse("240.0.0.0"), 4, "reserved and broadcast (240.0.0.0/4)"),
    ];

    private static readonly Range[] V6 =
    [
        new(IPAddress.Parse("::"), 128, "unspecified (::)"),
        new(IPAddress.Parse("::1"), 128, "loopback (::1)"),
        new(IPAddress.Parse("64:ff9b:1::"), 48, "local-use NAT64 (64:ff9b:1::/48)"),
        new(IPAddress.Parse("100::"), 64, "discard-only (100::/64)"),
        new(IPAddress.Parse("2001::"), 32, "Teredo (2001::/32)"),
        new(IPAddress.Parse("2001:db8::"), 32, "documentation (2001:db8::/32)"),
        new(IPAddress.Parse("fc00::"), 7, "unique local, including cloud metadata (fc00::/7)"),
        new(IPAddress.Parse("fe80::"), 10, "link-local (fe80::/10)"),
        new(IPAddress.Parse("fec0::"), 10, "site-local (fec0::/10)"),
        new(IPAddress.Parse("ff00::"), 8, "multicast (ff00::/8)"),
    ];

    /// <summary>The kind of network <paramref name="address"/> belongs to when a webhook may not reach it; null for a public address.</summary>
    public static string? ForbiddenRange(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return Match(address, V4);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "not an IP address";
        }

        if (EmbeddedIPv4(address) is { } v4)
        {
            return Match(v4, V4) is { } name ? $"{name}, inside an IPv6 address" : null;
        }

        return Match(address, V6);
    }

    /// <summary>The IPv4 address an IPv6 one stands for: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::).</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (bytes.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0 && bytes[15] <= 1))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b && bytes.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        if (bytes[0] == 0x20 && bytes[1] == 0x02)
        {
            return new IPAddress(bytes.AsSpan(2, 4));
        }

        return null;
    }

    private static string? Match(IPAddress address, Range[] ranges)
    {
        var bytes = address.GetAddressBytes();
        foreach (var range in ranges)
        {
            if (InPrefix(bytes, range.Network.GetAddressBytes(), range.PrefixLength))
            {
                return range.Name;
            }
        }

        return null;
    }

    private static bool InPrefix(byte[] address, byte[] network, int prefixLength)
    {
        var whole = prefixLength / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(network.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = prefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (address[whole] & mask) == (network[whole] & mask);
    }
}
