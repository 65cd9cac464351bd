using CookieConsent.AspNetCore.Endpoints;
using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Forms;
using CookieConsent.AspNetCore.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-banner /&gt;</c>: the consent banner while the visitor has no valid choice, the confirmation right
/// after a choice, and nothing otherwise. Plain HTML forms, no script.
/// </summary>
[HtmlTargetElement("consent-banner", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentBannerTagHelper : TagHelper
{
    private readonly IAntiforgery _antiforgery;

    /// <summary>Creates the tag helper.</summary>
    public ConsentBannerTagHelper(IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        _antiforgery = antiforgery;
    }

    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Where <c>MapCookieConsent()</c> handles the forms.</summary>
    /// <value>Defaults to <c>CookieConsentOptions.PathBase</c> (<c>/consent</c>).</value>
    [HtmlAttributeName("path-base")]
    public string? PathBase { get; set; }

    /// <summary>The site's page with <c>&lt;consent-preferences /&gt;</c>; <c>~/</c> is relative to the app.</summary>
    /// <value>Defaults to <c>{path-base}/preferences</c>.</value>
    [HtmlAttributeName("preferences-url")]
    public string? PreferencesUrl { get; set; }

    /// <summary>Where to come back to after the choice (a local path).</summary>
    /// <value>Defaults to the current page.</value>
    [HtmlAttributeName("return-url")]
    public string? ReturnUrl { get; set; }

    /// <summary>Heading level of the banner's title.</summary>
    /// <value>Defaults to 2.</value>
    [HtmlAttributeName("heading-level")]
    public int HeadingLevel { get; set; } = 2;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var http = ViewContext.HttpContext;
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

        if (feature is null || (notice == ConsentNotice.None && !feature.NeedsChoice))
        {
            output.SuppressOutput();
            return;
        }

        var view = ConsentViews.Create(http, _antiforgery, PathBase, PreferencesUrl, ReturnUrl, receiptUrl: null, HeadingLevel, notice);
        if (view is null)
        {
            output.SuppressOutput();
            return;
        }
        var renderer = ConsentRenderer.Default;
        var html = notice != ConsentNotice.None ? renderer.RenderConfirmation(view) : renderer.RenderBanner(view);
        output.Content.SetHtmlContent(html);
    }
}
