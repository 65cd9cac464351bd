using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using CookieConsent.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace CookieConsent.Server.Console;

/// <summary>A signed-in console session: a random id (what the audit log names) and when it ends.</summary>
internal sealed record ConsoleSession(string Id, DateTimeOffset ExpiresAt);

/// <summary>
/// The console's session cookie: the session id and its expiry, protected with DataProtection (so it cannot be forged
/// or extended), HttpOnly, SameSite=Strict, Path=/admin, Secure unless this is plain-HTTP development on loopback.
/// The admin key is never in it.
/// </summary>
internal sealed class ConsoleSessions
{
    public const string CookieName = "cc_admin";

    /// <summary>How long a session lasts from sign-in; then the operator signs in again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly ServerOptions _options;

    public ConsoleSessions(IDataProtectionProvider protection, TimeProvider time, IOptions<ServerOptions> options)
    {
        // Fixed and versioned: changing the purpose would sign every operator out, nothing worse.
        _protector = protection.CreateProtector("CookieConsent.Console.Session", "v1");
        _time = time;
        _options = options.Value;
    }

    /// <summary>The request's live session, or <see langword="null"/> (none, tampered, expired, or the key ring is unreadable).</summary>
    public ConsoleSession? Read(HttpContext http)
    {
        if (!http.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        string payload;
        try
        {
            payload = _protector.Unprotect(value);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var session = new ConsoleSession(parts[0], DateTimeOffset.FromUnixTimeMilliseconds(expires));
        return session.ExpiresAt > _time.GetUtcNow() ? session : null;
    }

    public ConsoleSession SignIn(HttpContext http)
    {
        var session = new ConsoleSession(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), _time.GetUtcNow() + Lifetime);
        var value = _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{session.Id}|{session.ExpiresAt.ToUnixTimeMilliseconds()}"));
        http.Response.Cookies.Append(CookieName, value, CookieOptions(http, Lifetime));
        return session;
    }

    public void SignOut(HttpContext http) => http.Response.Cookies.Delete(CookieName, CookieOptions(http, null));

    private CookieOptions CookieOptions(HttpContext http, TimeSpan? maxAge) => new()
    {
        Path = http.Request.PathBase.Add(ConsoleEndpoints.Root).Value,
        HttpOnly = true,
        Secure = Secure(http),
        SameSite = SameSiteMode.Strict,
        MaxAge = maxAge,
        IsEssential = true,
    };

    // The hosted pages' rule: Secure unless plain-HTTP development on a loopback host, where it would be dropped.
    private bool Secure(HttpContext http) =>
        http.Request.IsHttps || (_options.SecureCookies && !IsLoopback(http.Request.Host.Host));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
