using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Features;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-banner /&gt;</c>: the consent banner while the visitor has no valid choice, the confirmation right
/// after a choice, and nothing otherwise. Plain HTML forms, no script.
/// </summary>
[HtmlTargetElement("consent-banner", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentBannerTagHelper : ConsentFormTagHelper
{
    /// <summary>Creates the tag helper.</summary>
    public ConsentBannerTagHelper(IAntiforgery antiforgery)
        : base(antiforgery)
    {
    }

    /// <summary>The site's page with <c>&lt;consent-preferences /&gt;</c>; <c>~/</c> is relative to the app.</summary>
    /// <value>Defaults to <c>{path-base}/preferences</c>.</value>
    [HtmlAttributeName("preferences-url")]
    public string? PreferencesUrl { get; set; }

    private protected override string? Render(HttpContext http)
    {
        var feature = http.Features.Get<IConsentFeature>();
        var notice = ConsentNotice.None;
        if (http.Request.Cookies.TryGetValue(ConsentFormFields.NoticeCookie, out var noticeValue))
        {
            notice = ConsentNotices.Parse(noticeValue);
            // Shown once: the next page has no confirmation even if the visitor never presses "Hide".
            if (!http.Response.HasStarted)
            {
                var secure = http.RequestServices?.GetService<IOptions<CookieConsentOptions>>()?.Value.Secure ?? true;
                ConsentCookieWriter.ClearNotice(http.Response, secure);
            }
        }
        if (feature is null || (notice == ConsentNotice.None && !feature.NeedsChoice)
            || View(http, PreferencesUrl, receiptUrl: null, notice) is not { } view)
        {
            return null;
        }
        var renderer = ConsentRenderer.Default;
        return notice != ConsentNotice.None ? renderer.RenderConfirmation(view) : renderer.RenderBanner(view);
    }
}
