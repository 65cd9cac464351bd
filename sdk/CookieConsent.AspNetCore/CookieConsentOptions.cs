using Microsoft.AspNetCore.Http;

namespace CookieConsent.AspNetCore;

/// <summary>
/// Settings of the CookieConsent middleware and form endpoints, bound from the <c>CookieConsent</c> configuration
/// section and validated when the application starts. <c>Timeout</c>, <c>AttemptTimeout</c> and <c>Retries</c> of the
/// same section configure the API client (see <c>CookieConsentClientOptions</c>).
/// </summary>
public sealed class CookieConsentOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "CookieConsent";

    /// <summary>Base URL of the consent server, e.g. <c>https://consent.example.com/</c>. Required.</summary>
    public string? ServerUrl { get; set; }

    /// <summary>This site's id at the consent server (<c>[a-z0-9-]{1,64}</c>). Required.</summary>
    public string? SiteId { get; set; }

    /// <summary>This site's API key at the consent server. Required.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// How long the answer for one distinct cookie value is reused (never beyond the consent's expiry); with local
    /// verification also how long whether a visitor was erased is reused (an answer never outlives that lookup).
    /// 0 turns the cache off.
    /// </summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan VerificationCacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many distinct cookie values (with local verification, also visitors' erasure lookups) the verification cache holds at most.</summary>
    /// <value>Defaults to 10 000.</value>
    public int VerificationCacheSize { get; set; } = 10_000;

    /// <summary>How long the site's policy (categories, texts, current version) is reused before it is fetched again.</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan PolicyCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where the form endpoints live: <c>{PathBase}/choices</c> and <c>{PathBase}/notice/hide</c>.</summary>
    /// <value>Defaults to <c>/consent</c>.</value>
    public PathString PathBase { get; set; } = "/consent";

    /// <summary>
    /// Whether the cookies the SDK sets carry the <c>Secure</c> attribute. Turn off only for plain-HTTP development:
    /// browsers drop Secure cookies sent over http.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Secure { get; set; } = true;

    /// <summary>
    /// Whether a visitor without a choice on this site is sent, once per sync lifetime, through the consent server's
    /// <c>/sync/{site}</c> (a top-level 303 there and straight back) so that an opt-out of the site's service applies
    /// here too. Only GET page navigations are bounced: never a form post, an asset, an API call or a known crawler.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool ServiceSync { get; set; }

    /// <summary>
    /// After a bounce that did not complete (the consent server was slow or down, the code was refused, cookies are
    /// off), how long the site waits before bouncing the visitor again. Meanwhile the regime default or the local
    /// choice applies.
    /// </summary>
    /// <value>Defaults to 1 day.</value>
    public TimeSpan ServiceSyncRetryInterval { get; set; } = TimeSpan.FromDays(1);
}
