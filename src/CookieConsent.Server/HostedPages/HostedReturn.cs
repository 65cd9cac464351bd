using CookieConsent.Server.Services;

namespace CookieConsent.Server.HostedPages;

/// <summary>
/// A visit to the hosted pages that a client site started with a signed visitor reference (<c>cc_ref</c>) and its own
/// sync state (<c>cc_state</c>). Presented in the query on arrival, then kept in a short-lived cookie scoped to the
/// site's hosted pages so the form post finds it.
/// </summary>
/// <param name="Reference">The signed reference as presented.</param>
/// <param name="State">The site's state, handed back untouched (the site checks it).</param>
/// <param name="FromQuery">Presented in the query (rather than the cookie).</param>
internal sealed record HostedReturn(string Reference, string? State, bool FromQuery)
{
    public const string ReferenceParameter = "cc_ref";
    public const string CookieName = "cc_hosted_ref";

    /// <summary>The visitor the reference names (set once verified).</summary>
    public string Visitor { get; init; } = "";

    /// <summary>The validated return URL the reference names (set once verified).</summary>
    public string ReturnUrl { get; init; } = "";

    /// <summary>What the request presents, or <see langword="null"/>.</summary>
    public static HostedReturn? Read(HttpContext http)
    {
        var query = http.Request.Query;
        if (query[ReferenceParameter].ToString() is { Length: > 0 } reference)
        {
            return new HostedReturn(reference, SyncEndpoints.ValidState(query[SyncEndpoints.StateParameter].ToString()), true);
        }
        if (http.Request.Cookies[CookieName] is { Length: > 0 } kept)
        {
            // Base64url never contains '.', so it separates the two.
            var dot = kept.IndexOf('.', StringComparison.Ordinal);
            return dot < 0
                ? new HostedReturn(kept, null, false)
                : new HostedReturn(kept[..dot], SyncEndpoints.ValidState(kept[(dot + 1)..]), false);
        }
        return null;
    }

    public static void Remember(HttpContext http, string pagePath, HostedReturn presented, bool secure) =>
        http.Response.Cookies.Append(CookieName, presented.Reference + "." + presented.State, new CookieOptions
        {
            Path = pagePath,
            HttpOnly = true,
            Secure = secure,
            SameSite = SameSiteMode.Lax,
            MaxAge = HostedVisitorReference.Lifetime,
            IsEssential = true,
        });

    public static void Forget(HttpContext http, string pagePath) =>
        http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = pagePath });
}
