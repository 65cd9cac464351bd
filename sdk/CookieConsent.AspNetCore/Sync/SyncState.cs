using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.AspNetCore.Sync;

/// <summary>
/// The signed state a sync bounce carries to the consent server and back: a nonce (also kept in the site's marker
/// cookie, so it works once, in this browser), the return URL and when it was issued. Protected with the site's own
/// DataProtection keys: the consent server cannot read or forge it, it only hands it back.
/// </summary>
internal sealed class SyncState(IDataProtectionProvider provider, TimeProvider time)
{
    /// <summary>A return later than this is stale (a bounce takes two redirects).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // Purpose strings are part of the format: never change them (a new layout gets "v2").
    private readonly IDataProtector _protector = provider.CreateProtector("CookieConsent.ServiceSync.State", "v1");

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public string Protect(string site, string nonce, string returnUrl)
    {
        var text = Encoding.UTF8.GetBytes(site + "\n" + nonce + "\n" + returnUrl);
        var data = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt64BigEndian(data, time.GetUtcNow().ToUnixTimeSeconds());
        text.CopyTo(data.AsSpan(8));
        return System.Buffers.Text.Base64Url.EncodeToString(_protector.Protect(data));
    }

    /// <summary>The nonce and return URL of an authentic, fresh state for <paramref name="site"/>; otherwise null.</summary>
    public (string Nonce, string ReturnUrl)? Unprotect(string site, string? state)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 1024)
        {
            return null;
        }
        try
        {
            var data = _protector.Unprotect(System.Buffers.Text.Base64Url.DecodeFromChars(state));
            var issued = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(data));
            var parts = Encoding.UTF8.GetString(data.AsSpan(8)).Split('\n');
            var age = time.GetUtcNow() - issued;
            return parts.Length == 3 && parts[0] == site && age >= TimeSpan.FromSeconds(-5) && age <= Lifetime
                ? (parts[1], parts[2])
                : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
