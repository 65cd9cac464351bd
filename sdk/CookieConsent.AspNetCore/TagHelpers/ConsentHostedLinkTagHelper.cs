using CookieConsent.AspNetCore.Sync;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;a consent-hosted="do-not-sell"&gt;…&lt;/a&gt;</c>: a link to one of the consent server's hosted pages
/// (<c>preferences</c>, <c>do-not-sell</c>, <c>limit</c>) through <c>{PathBase}/hosted/{page}</c>, which sends the visitor
/// with a signed reference to them, so the choice made there is this visitor's and comes back to this page.
/// </summary>
[HtmlTargetElement("a", Attributes = PageAttribute)]
public sealed class ConsentHostedLinkTagHelper : TagHelper
{
    private const string PageAttribute = "consent-hosted";

    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The hosted page: <c>preferences</c>, <c>do-not-sell</c> or <c>limit</c>.</summary>
    [HtmlAttributeName(PageAttribute)]
    public string Page { get; set; } = "preferences";

    /// <summary>Where the form endpoints live.</summary>
    /// <value>Defaults to <c>CookieConsentOptions.PathBase</c>.</value>
    [HtmlAttributeName("path-base")]
    public string? PathBase { get; set; }

    /// <summary>The local path to come back to.</summary>
    /// <value>Defaults to the current page.</value>
    [HtmlAttributeName("return-url")]
    public string? ReturnUrl { get; set; }

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!HostedPageLink.Pages.ContainsKey(Page))
        {
            throw new InvalidOperationException(
                $"consent-hosted=\"{Page}\" names no hosted page; use one of: {string.Join(", ", HostedPageLink.Pages.Keys)}.");
        }
        var http = ViewContext.HttpContext;
        // A page just returned to carries a spent code and state: come back without them.
        var query = http.Request.Query.ContainsKey(ServiceSync.StateParameter) ? "" : http.Request.QueryString.Value;
        var back = ReturnUrl ?? http.Request.PathBase + http.Request.Path + query;
        output.Attributes.SetAttribute("href", HostedPageLink.Href(ConsentViews.PathBase(http, PathBase), Page, back));
    }
}
