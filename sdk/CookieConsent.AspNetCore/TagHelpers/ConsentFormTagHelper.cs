using CookieConsent.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// What the consent form tag helpers share: where the forms post, where the visitor comes back to, the heading level,
/// and rendering nothing at all when there is nothing to show.
/// </summary>
public abstract class ConsentFormTagHelper : TagHelper
{
    private readonly IAntiforgery _antiforgery;

    // Only this package's tag helpers derive from it.
    private protected ConsentFormTagHelper(IAntiforgery antiforgery)
    {
        ArgumentNullException.ThrowIfNull(antiforgery);
        _antiforgery = antiforgery;
    }

    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>Where <c>MapCookieConsent()</c> handles the forms; they post to <c>{path-base}/choices</c>.</summary>
    /// <value>Defaults to <c>CookieConsentOptions.PathBase</c> (<c>/consent</c>).</value>
    [HtmlAttributeName("path-base")]
    public string? PathBase { get; set; }

    /// <summary>Where to come back to after the choice (a local path).</summary>
    /// <value>Defaults to the current page.</value>
    [HtmlAttributeName("return-url")]
    public string? ReturnUrl { get; set; }

    /// <summary>Heading level of the form's title; nested headings go one level deeper.</summary>
    /// <value>Defaults to 2.</value>
    [HtmlAttributeName("heading-level")]
    public int HeadingLevel { get; set; } = 2;

    /// <inheritdoc />
    public sealed override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var html = Render(ViewContext.HttpContext);
        if (html is null)
        {
            output.SuppressOutput();
            return;
        }
        output.Content.SetHtmlContent(html);
    }

    /// <summary>The markup for this request, or <see langword="null"/> to render nothing.</summary>
    private protected abstract string? Render(HttpContext http);

    /// <summary>The renderer's input for this request; <see langword="null"/> when consent is not known here.</summary>
    private protected ConsentView? View(
        HttpContext http, string? preferencesUrl, string? receiptUrl, ConsentNotice notice = ConsentNotice.None, bool offerReceipt = false) =>
        ConsentViews.Create(http, _antiforgery, PathBase, preferencesUrl, ReturnUrl, receiptUrl, HeadingLevel, notice, offerReceipt);
}
