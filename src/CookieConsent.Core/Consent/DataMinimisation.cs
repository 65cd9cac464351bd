using System.Net;
using System.Net.Sockets;

namespace CookieConsent.Core.Consent;

/// <summary>What a receipt keeps of the visitor's network and browser: a prefix and a family, never the raw values.</summary>
public static class DataMinimisation
{
    /// <summary>IPv4 truncated to /24 (<c>203.0.113.0/24</c>), IPv6 to /48; <see langword="null"/> when unparsable.</summary>
    public static string? IpPrefix(string? ip)
    {
        if (string.IsNullOrWhiteSpace(ip) || !IPAddress.TryParse(ip.Trim(), out var address))
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        Array.Clear(bytes, keep, bytes.Length - keep);
        return $"{new IPAddress(bytes)}/{keep * 8}";
    }

    /// <summary>The browser family only (e.g. <c>Firefox</c>), from a small fixed list; <c>Other</c> otherwise.</summary>
    public static string? UserAgentFamily(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }
        // Order matters: Edge and Opera also say "Chrome"; Chrome also says "Safari".
        (string Token, string Family)[] families =
        [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
            ("HeadlessChrome/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"), ("curl/", "curl"),
        ];
        foreach (var (token, family) in families)
        {
            if (userAgent.Contains(token, StringComparison.Ordinal))
            {
                return family;
            }
        }
        return "Other";
    }
}
