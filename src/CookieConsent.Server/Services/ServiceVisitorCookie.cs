using System.Net;
using CookieConsent.Client.Contracts;
using CookieConsent.Server.Hosting;

namespace CookieConsent.Server.Services;

/// <summary>
/// The consent server's own first-party cookie naming the service-level visitor: Path <c>/</c>, HttpOnly,
/// SameSite=Lax (sent on the top-level navigation of a sync bounce, never on a cross-site subrequest), Secure.
/// </summary>
internal static class ServiceVisitorCookie
{
    public const string Name = "cc_service_visitor";

    /// <summary>The service-level visitor id of this browser, or <see langword="null"/>.</summary>
    public static string? Read(HttpRequest request) =>
        request.Cookies.TryGetValue(Name, out var value) && ConsentIds.IsValidVisitor(value) ? value : null;

    public static void Write(HttpContext http, string visitor, ServerOptions options, TimeSpan lifetime) =>
        http.Response.Cookies.Append(Name, visitor, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            Secure = Secure(http, options),
            SameSite = SameSiteMode.Lax,
            MaxAge = lifetime,
            IsEssential = true,
        });

    // Secure unless this is plain-HTTP development on a loopback address, where a Secure cookie would be dropped
    // (the hosted pages' rule).
    public static bool Secure(HttpContext http, ServerOptions options) =>
        http.Request.IsHttps || (options.SecureCookies && !IsLoopback(http.Request.Host.Host));

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
