using CookieConsent.AspNetCore.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;consent-do-not-sell /&gt;</c>: the "Do Not Sell or Share My Personal Information" form — one button that
/// refuses every sale-or-sharing category; with Global Privacy Control honoured it says so.
/// </summary>
[HtmlTargetElement("consent-do-not-sell", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ConsentDoNotSellTagHelper : TagHelper
{
    private readonly IAntiforgery _antiforgery;

    /// <summary>Creates the tag helper.</summary>
    public ConsentDoNotSellTagHelper(IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        _antiforgery = antiforgery;
    }

    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Where <c>MapCookieConsent()</c> handles the forms; the form posts to <c>{path-base}/choices</c>.</summary>
    /// <value>Defaults to <c>CookieConsentOptions.PathBase</c> (<c>/consent</c>).</value>
    [HtmlAttributeName("path-base")]
    public string? PathBase { get; set; }

    /// <summary>Where to come back to after the opt-out (a local path).</summary>
    /// <value>Defaults to the current page.</value>
    [HtmlAttributeName("return-url")]
    public string? ReturnUrl { get; set; }

    /// <summary>Heading level of the form's title.</summary>
    /// <value>Defaults to 2.</value>
    [HtmlAttributeName("heading-level")]
    public int HeadingLevel { get; set; } = 2;

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var view = ConsentViews.Create(ViewContext.HttpContext, _antiforgery, PathBase, preferencesUrl: null, ReturnUrl, receiptUrl: null, HeadingLevel);
        if (view is null)
        {
            output.SuppressOutput();
            return;
        }
        output.Content.SetHtmlContent(ConsentRenderer.Default.RenderDoNotSell(view));
    }
}
