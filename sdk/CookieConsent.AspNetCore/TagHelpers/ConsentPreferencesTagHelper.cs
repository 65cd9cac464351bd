using CookieConsent.AspNetCore.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-preferences /&gt;</c>: the preferences form — every category with its description and cookies, a
/// yes/no choice per optional category preselected only to the visitor's current choice, one Save button.
/// </summary>
[HtmlTargetElement("consent-preferences", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentPreferencesTagHelper : TagHelper
{
    private readonly IAntiforgery _antiforgery;

    /// <summary>Creates the tag helper.</summary>
    public ConsentPreferencesTagHelper(IAntiforgery antiforgery)
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

    /// <summary>Where to come back to after saving (a local path).</summary>
    /// <value>Defaults to the current page.</value>
    [HtmlAttributeName("return-url")]
    public string? ReturnUrl { get; set; }

    /// <summary>Where the visitor downloads their consent receipt; no link when not set.</summary>
    [HtmlAttributeName("receipt-url")]
    public string? ReceiptUrl { get; set; }

    /// <summary>Heading level of the form's title; category names go one level deeper.</summary>
    /// <value>Defaults to 2.</value>
    [HtmlAttributeName("heading-level")]
    public int HeadingLevel { get; set; } = 2;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var http = ViewContext.HttpContext;
        var view = ConsentViews.Create(http, _antiforgery, PathBase, preferencesUrl: "~" + http.Request.Path, ReturnUrl, ReceiptUrl, HeadingLevel);
        if (view is null)
        {
            output.SuppressOutput();
            return;
        }
        output.Content.SetHtmlContent(ConsentRenderer.Default.RenderPreferences(view));
    }
}
