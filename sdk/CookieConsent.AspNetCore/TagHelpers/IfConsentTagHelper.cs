using CookieConsent.AspNetCore.Features;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace CookieConsent.AspNetCore.TagHelpers;

/// <summary>
/// <c>&lt;if-consent category="analytics"&gt;…&lt;/if-consent&gt;</c>: emits its content only when the visitor allows
/// the category. Without consent — or when consent cannot be established — the content is not sent at all, so a
/// tracking snippet never reaches the browser.
/// </summary>
[HtmlTargetElement("if-consent", Attributes = "category")]
public sealed class IfConsentTagHelper : TagHelper
{
    /// <summary>The view context (set by Razor).</summary>
    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>The category the content belongs to (e.g. <c>analytics</c>).</summary>
    [HtmlAttributeName("category")]
    public string Category { get; set; } = "";

    /// <inheritdoc />
    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.TagName = null;
        var feature = ViewContext.HttpContext.Features.Get<IConsentFeature>();
        // No feature, no category, unknown category: no consent.
        if (feature is null || string.IsNullOrEmpty(Category) || !feature.IsAllowed(Category))
        {
            output.SuppressOutput();
        }
    }
}
