using CookieConsent.AspNetCore.Features;
using CookieConsent.AspNetCore.Localization;
using CookieConsent.Pages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-privacy-status settings-url="/cookie-settings" /&gt;</c>, for the footer: "Opt-out request honored"
/// with a link to the settings when Global Privacy Control is honoured or an opt-out is stored; nothing otherwise.
/// </summary>
[HtmlTargetElement("consent-privacy-status", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentPrivacyStatusTagHelper : TagHelper
{
    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Where the link goes: the site's privacy or cookie settings page.</summary>
    /// <value>Defaults to <c>/consent/preferences</c>.</value>
    [HtmlAttributeName("settings-url")]
    public string SettingsUrl { get; set; } = ConsentViews.DefaultPathBase + "/preferences";

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var http = ViewContext.HttpContext;
        var feature = http.Features.Get<IConsentFeature>();
        var markup = feature?.Definition is { } site
            ? PrivacyStatus.Render(site, feature.Decisions, http.GetConsentLocale(), SettingsUrl)
            : "";
        if (markup.Length == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.Content.SetHtmlContent(markup);
    }
}
