using CookieConsent.AspNetCore.Middleware;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Http;

namespace CookieConsent.AspNetCore.Endpoints;

/// <summary>The cookies the form endpoints set and expire on the site's own origin.</summary>
internal static class ConsentCookieWriter
{
    /// <summary>Long enough to reach the next page, short enough not to linger.</summary>
    public static readonly TimeSpan NoticeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>The first-party consent cookie from the server's answer: HttpOnly, SameSite=Lax, Path=/.</summary>
    public static void SetConsent(HttpResponse response, ConsentCookie cookie, bool secure) =>
        response.Cookies.Append(cookie.Name, cookie.Value, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Domain = string.IsNullOrEmpty(cookie.Domain) ? null : cookie.Domain,
            Secure = secure,
            MaxAge = TimeSpan.FromSeconds(cookie.MaxAgeSeconds),
            IsEssential = true,
        });

    public static void SetNotice(HttpResponse response, string value, bool secure) =>
        response.Cookies.Append(ConsentFormFields.NoticeCookie, value, NoticeOptions(secure, NoticeLifetime));

    public static void ClearNotice(HttpResponse response, bool secure) =>
        response.Cookies.Delete(ConsentFormFields.NoticeCookie, NoticeOptions(secure, null));

    /// <summary>
    /// Expires the request's cookies that belong to the refused categories — with and without the site's cookie
    /// domain, since tracking cookies are often set on the parent domain.
    /// </summary>
    public static IReadOnlyList<string> ExpireRefused(HttpContext context, SiteDefinition definition, Func<string, bool> isAllowed)
    {
        var expired = new List<string>();
        foreach (var name in context.Request.Cookies.Keys)
        {
            if (name == definition.CookieName || DeclaredCookies.DeniedCategoryOf(definition, name, isAllowed) is null)
            {
                continue;
            }
            context.Response.Cookies.Delete(name, new CookieOptions { Path = "/" });
            if (!string.IsNullOrEmpty(definition.CookieDomain))
            {
                context.Response.Cookies.Delete(name, new CookieOptions { Path = "/", Domain = definition.CookieDomain });
            }
            expired.Add(name);
        }
        return expired;
    }

    private static CookieOptions NoticeOptions(bool secure, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = secure,
        MaxAge = maxAge,
        IsEssential = true,
    };
}
