using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-do-not-sell /&gt;</c>: the "Do Not Sell or Share My Personal Information" form — one button that
/// refuses every sale-or-sharing category; with Global Privacy Control honoured it says so.
/// </summary>
[HtmlTargetElement("consent-do-not-sell", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentDoNotSellTagHelper : ConsentFormTagHelper
{
    /// <summary>Creates the tag helper.</summary>
    public ConsentDoNotSellTagHelper(IAntiforgery antiforgery)
        : base(antiforgery)
    {
    }

    private protected override string? Render(HttpContext http) =>
        View(http, preferencesUrl: null, receiptUrl: null) is { } view
            ? ConsentRenderer.Default.RenderDoNotSell(view)
            : null;
}
