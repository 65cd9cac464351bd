using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using CookieConsent.Client.Tokens;
using Microsoft.AspNetCore.DataProtection;

namespace CookieConsent.Protection;

/// <summary>
/// Protects consent token payloads with ASP.NET Core DataProtection, bound to one site, and reads them back.
/// Whoever can verify can also mint: only the consent server and sites of the same operator hold the key ring.
/// </summary>
public sealed class ConsentTokenProtector
{
    // These purpose strings are part of every cookie in the wild: changing them invalidates them all. Never change.
    private const string Purpose = "CookieConsent.ConsentCookie";
    private const string PurposeVersion = "v1";
    private const int MaxCachedProtectors = 1024;

    private readonly IDataProtectionProvider _provider;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IDataProtector> _protectors = new(StringComparer.Ordinal);

    /// <summary>Creates the protector over an application's DataProtection provider.</summary>
    public ConsentTokenProtector(IDataProtectionProvider provider, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(time);
        _provider = provider;
        _time = time;
    }

    /// <summary>Protects a payload for its site; the result is a base64url cookie value.</summary>
    public string Protect(ConsentTokenPayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var bytes = ProtectorFor(payload.Site).Protect(ConsentTokenFormat.Write(payload));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// Reads a cookie value protected for <paramref name="site"/>; anything else is rejected. The payload is set for
    /// <see cref="TokenRejection.None"/> and <see cref="TokenRejection.Expired"/>.
    /// </summary>
    public TokenRejection TryUnprotect(string site, string? token, out ConsentTokenPayload? payload)
    {
        ArgumentNullException.ThrowIfNull(site);
        payload = null;
        if (string.IsNullOrEmpty(token) || token.Length > ConsentTokenFormat.MaxTokenLength || !TryDecodeCanonical(token, out var bytes))
        {
            return TokenRejection.Invalid;
        }
        byte[] plain;
        try
        {
            plain = ProtectorFor(site).Unprotect(bytes);
        }
        catch (CryptographicException)
        {
            // Tampered, foreign purpose or site, or an unknown key.
            return TokenRejection.Invalid;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The key ring could not be read (its Redis is down while an unknown key id forced a reload).
            return TokenRejection.Unavailable;
        }
        if (!ConsentTokenFormat.TryRead(plain, out var read) || read!.Site != site)
        {
            return TokenRejection.Invalid;
        }
        // Expiry comes from the authenticated payload and the injected clock only. (A time-limited protector
        // would check the machine clock itself and throw, turning every expired cookie into "invalid".)
        payload = read;
        return read.ExpiresAt <= _time.GetUtcNow() ? TokenRejection.Expired : TokenRejection.None;
    }

    private IDataProtector ProtectorFor(string site)
    {
        if (_protectors.TryGetValue(site, out var cached))
        {
            return cached;
        }
        var protector = _provider.CreateProtector(Purpose, PurposeVersion, site);
        if (_protectors.Count < MaxCachedProtectors)
        {
            _protectors.TryAdd(site, protector);
        }
        return protector;
    }

    // Base64url has several spellings of the same bytes (unused trailing bits); accept only the canonical one.
    private static bool TryDecodeCanonical(string token, out byte[] bytes)
    {
        bytes = [];
        if (!Base64Url.IsValid(token))
        {
            return false;
        }
        bytes = Base64Url.DecodeFromChars(token);
        return Base64Url.EncodeToString(bytes) == token;
    }
}
