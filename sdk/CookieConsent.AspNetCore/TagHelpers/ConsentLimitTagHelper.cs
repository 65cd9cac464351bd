using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-limit /&gt;</c>: the "Limit the Use of My Sensitive Personal Information" form (CCPA regulations
/// §7027) — one button that refuses every sensitive category, and once limited one that lifts it. Renders nothing on a
/// site that does not offer the limit (not <c>opt-out</c>, or no sensitive category).
/// </summary>
[HtmlTargetElement("consent-limit", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentLimitTagHelper : ConsentFormTagHelper
{
    /// <summary>Creates the tag helper.</summary>
    public ConsentLimitTagHelper(IAntiforgery antiforgery)
        : base(antiforgery)
    {
    }

    private protected override string? Render(HttpContext http) =>
        View(http, preferencesUrl: null, receiptUrl: null) is { } view && SensitiveLimit.Applies(view.Site)
            ? ConsentRenderer.Default.RenderLimit(view)
            : null;
}
