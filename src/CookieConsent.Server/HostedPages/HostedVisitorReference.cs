using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// A signed visitor reference: a client site (with its key) asks for one before it sends a visitor to the hosted pages,
/// so the choice made there is recorded for the site's own visitor and carried back to the return URL it names,
/// instead of a new visitor the site never learns of. Bound to the site by purpose, short-lived, readable only here.
/// </summary>
internal sealed class HostedVisitorReference(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>Long enough to read a page and choose; a reference older than this is refused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    // Purpose strings are part of the format: never change them (a new layout gets "v2").
    private const string Purpose = "CookieConsent.HostedVisitorReference";

    /// <summary>A reference naming <paramref name="visitor"/> of <paramref name="site"/> and the return URL.</summary>
    public string Protect(string site, string visitor, string returnUrl)
    {
        var text = Encoding.UTF8.GetBytes(visitor + "\n" + returnUrl);
        var data = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt64BigEndian(data, time.GetUtcNow().ToUnixTimeSeconds());
        text.CopyTo(data.AsSpan(8));
        return System.Buffers.Text.Base64Url.EncodeToString(Protector(site).Protect(data));
    }

    /// <summary>The visitor and return URL of an authentic, fresh reference for <paramref name="site"/>; otherwise null.</summary>
    public (string Visitor, string ReturnUrl)? Unprotect(string site, string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.Length > 2048)
        {
            return null;
        }
        try
        {
            var data = Protector(site).Unprotect(System.Buffers.Text.Base64Url.DecodeFromChars(reference));
            var issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(data));
            var parts = Encoding.UTF8.GetString(data.AsSpan(8)).Split('\n');
            var age = time.GetUtcNow() - issued;
            return parts.Length == 2 && age >= TimeSpan.FromSeconds(-5) && age <= Lifetime ? (parts[0], parts[1]) : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private IDataProtector Protector(string site) => provider.CreateProtector(Purpose, "v1", site);
}
