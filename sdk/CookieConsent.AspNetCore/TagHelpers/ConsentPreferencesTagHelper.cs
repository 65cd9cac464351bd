using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-preferences /&gt;</c>: the preferences form — every category with its description and cookies, a
/// yes/no choice per optional category preselected only to the visitor's current choice, one Save button.
/// </summary>
[HtmlTargetElement("consent-preferences", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentPreferencesTagHelper : ConsentFormTagHelper
{
    /// <summary>Creates the tag helper.</summary>
    public ConsentPreferencesTagHelper(IAntiforgery antiforgery)
        : base(antiforgery)
    {
    }

    /// <summary>
    /// Where the visitor downloads their consent receipt. When not set, a visitor with a record gets the SDK's own
    /// downloads (<c>{PathBase}/receipt</c>, HTML, and <c>{PathBase}/receipt.json</c>), which show each receipt in the
    /// words it was shown with.
    /// </summary>
    [HtmlAttributeName("receipt-url")]
    public string? ReceiptUrl { get; set; }

    private protected override string? Render(HttpContext http) =>
        View(http, preferencesUrl: "~" + http.Request.Path, ReceiptUrl, offerReceipt: true) is { } view
            ? ConsentRenderer.Default.RenderPreferences(view)
            : null;
}
