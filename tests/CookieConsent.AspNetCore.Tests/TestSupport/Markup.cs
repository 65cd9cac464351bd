using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace CookieConsent.AspNetCore.Tests.TestSupport;

internal static class Markup
{
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument("<!doctype html><html><body>" + html + "</body></html>");

    /// <summary>Fails when the markup needs anything a <c>script-src 'none'</c> page would block or a script-free browser lacks.</summary>
    public static void AssertScriptFree(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        var document = Parse(html);
        Assert.IsEmpty(document.QuerySelectorAll("script"));
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            foreach (var attribute in element.Attributes)
            {
                Assert.IsFalse(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase),
                    $"<{element.LocalName}> has an event handler attribute '{attribute.Name}'.");
                Assert.AreNotEqual("style", attribute.Name, $"<{element.LocalName}> has an inline style.");
            }
        }
        Assert.IsEmpty(document.QuerySelectorAll("style"));
    }

    /// <summary>Every form posts and carries the antiforgery token and the return URL.</summary>
    public static void AssertFormsArePostsWithTokens(string html, string token = "token-value")
    {
        var forms = Parse(html).QuerySelectorAll("form");
        Assert.IsNotEmpty(forms);
        foreach (var form in forms)
        {
            Assert.AreEqual("post", form.GetAttribute("method"));
            Assert.AreEqual(token, form.QuerySelector("input[type=hidden][name=__RequestVerificationToken]")?.GetAttribute("value"));
            Assert.IsNotNull(form.QuerySelector("input[type=hidden][name=returnUrl]"));
        }
    }
}
