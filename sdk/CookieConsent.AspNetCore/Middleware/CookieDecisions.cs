using CookieConsent.AspNetCore.Verification;
using CookieConsent.Client.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CookieConsent.AspNetCore.Middleware;

/// <summary>
/// What a valid cookie's verified answer means for one site definition — its decisions aligned to the site's
/// categories, whether to ask, whether it holds a refusal — and the <c>Set-Cookie</c> line that renews it. Kept with a
/// cached answer (<see cref="VerifiedConsent.Derived"/>), so a request with a cookie seen before only reads it.
/// </summary>
internal sealed class CookieDecisions
{
    private readonly string _cookieValue;
    private readonly bool _secure;
    private readonly string? _renewalHeader;
    private int _renewed;

    public CookieDecisions(SiteDefinition definition, VerifiedConsent verified, string cookieValue, bool secure)
    {
        Definition = definition;
        _cookieValue = cookieValue;
        _secure = secure;
        Decisions = SiteDecisions.ReadOnly(ConsentEvaluator.Align(definition, verified.Decisions!));
        NeedsChoice = verified.NeedsChoice ?? ConsentEvaluator.NeedsChoice(definition, Decisions);
        HoldsRefusal = ConsentEvaluator.HoldsRefusal(Decisions);
        // The line Response.Cookies.Append writes for the renewal, rendered once (a name it would escape is left to it).
        if (HoldsRefusal && Uri.EscapeDataString(definition.CookieName) == definition.CookieName)
        {
            _renewalHeader = RenewalOptions(definition, secure)
                .CreateCookieHeader(definition.CookieName, Uri.EscapeDataString(cookieValue)).ToString();
        }
    }

    public SiteDefinition Definition { get; }

    /// <summary>One decision per site category, before the request's signals; shared by requests, read-only.</summary>
    public IReadOnlyList<CategoryDecision> Decisions { get; }

    public bool NeedsChoice { get; }

    /// <summary>Some category is refused (by the visitor, a recorded signal or a service opt-out).</summary>
    public bool HoldsRefusal { get; }

    /// <summary>No page load has renewed the cookie since it was verified (a cheap check before <see cref="ClaimRenewal"/>).</summary>
    public bool RenewalDue => Volatile.Read(ref _renewed) == 0;

    /// <summary>
    /// Whether this page load renews the cookie: the first one after each verification does, later ones served from
    /// the same cached answer do not. A cached answer lives at most <see cref="CookieConsentOptions.VerificationCacheDuration"/>
    /// (one hour at most), so a visitor who loads a page had the cookie renewed no more than that long ago (on this
    /// instance, or renews it now): it never comes closer than 400 days minus an hour to lapsing. Without a cache
    /// every page load verifies, so every one renews.
    /// </summary>
    public bool ClaimRenewal() => Interlocked.Exchange(ref _renewed, 1) == 0;

    /// <summary>Sets the cookie again for <see cref="ConsentEvaluator.RefusalCookieLifetime"/>.</summary>
    public void Renew(HttpContext context)
    {
        // The rendered line is exactly what the default cookie feature appends; a replaced feature (a cookie policy
        // that adjusts options) is given the cookie the usual way.
        var feature = context.Features.Get<IResponseCookiesFeature>();
        if (_renewalHeader is not null && (feature is null || feature.GetType() == typeof(ResponseCookiesFeature)))
        {
            context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.SetCookie, _renewalHeader);
            return;
        }
        context.Response.Cookies.Append(Definition.CookieName, _cookieValue, RenewalOptions(Definition, _secure));
    }

    // As ConsentCookieWriter.SetConsent sets the consent cookie; a new instance each time (cookie policies change them).
    internal static CookieOptions RenewalOptions(SiteDefinition definition, bool secure) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Domain = string.IsNullOrEmpty(definition.CookieDomain) ? null : definition.CookieDomain,
        Secure = secure,
        MaxAge = TimeSpan.FromSeconds((int)ConsentEvaluator.RefusalCookieLifetime.TotalSeconds),
        IsEssential = true,
    };
}
