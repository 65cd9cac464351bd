using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

/// <summary>Whatever an operator or a visitor puts in, the markup stays inert text and script-free.</summary>
[TestClass]
public sealed class MarkupSafetyTests
{
    private const string Hostile = "\"><script>alert(1)</script><img src=x onerror=alert(2)>'&";

    private static readonly CategoryDefinition HostileCategory = new(
        "tracking", Required: false, SaleOrSharing: true,
        new Dictionary<string, CategoryText> { ["en"] = new(Hostile, Hostile) },
        [Hostile]);

    private static ConsentView HostileView(ConsentSignals signals = default)
    {
        var site = TestSites.Site(categories: [TestSites.Necessary, HostileCategory]) with { DisplayName = Hostile };
        return TestSites.View(site, signals: signals, returnUrl: Hostile, notice: ConsentNotice.Saved) with
        {
            Antiforgery = new AntiforgeryField("__RequestVerificationToken", Hostile),
        };
    }

    public static IEnumerable<object[]> AllMarkup()
    {
        var renderer = ConsentRenderer.Default;
        foreach (var signals in new[] { ConsentSignals.None, new ConsentSignals(true, true) })
        {
            var view = HostileView(signals);
            yield return ["banner " + signals, renderer.RenderBanner(view)];
            yield return ["confirmation " + signals, renderer.RenderConfirmation(view)];
            yield return ["preferences " + signals, renderer.RenderPreferences(view)];
            yield return ["do-not-sell " + signals, renderer.RenderDoNotSell(view)];
        }
        foreach (var locale in new[] { "en", "de", "fr", "es" })
        {
            var view = TestSites.View(locale: locale, signals: new ConsentSignals(true, true), notice: ConsentNotice.Accepted);
            yield return ["banner " + locale, renderer.RenderBanner(view)];
            yield return ["confirmation " + locale, renderer.RenderConfirmation(view)];
            yield return ["preferences " + locale, renderer.RenderPreferences(view)];
            yield return ["do-not-sell " + locale, renderer.RenderDoNotSell(view)];
        }
    }

    [TestMethod]
    [DynamicData(nameof(AllMarkup))]
    public void Markup_HasNoScriptNoHandlerNoInlineStyle(string name, string html)
    {
        Assert.IsFalse(string.IsNullOrEmpty(html), name);
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void HostileTexts_AreEncodedAndShownAsText()
    {
        var view = HostileView();
        var html = ConsentRenderer.Default.RenderPreferences(view);
        var document = Markup.Parse(html);

        Assert.DoesNotContain("<img", html);
        Assert.IsEmpty(document.QuerySelectorAll("img"));
        Assert.AreEqual(Hostile, document.QuerySelector("#cc-category-tracking h3")!.TextContent);
        Assert.AreEqual(Hostile, document.QuerySelector("#cc-category-tracking .cc-category__description")!.TextContent);
        Assert.AreEqual(Hostile, document.QuerySelector("#cc-category-tracking code")!.TextContent);
        Assert.AreEqual(Hostile, document.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.AreEqual(Hostile, document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
    }

    [TestMethod]
    public void HostileSiteName_IsEncodedInTheBannerTitle()
    {
        var document = Markup.Parse(ConsentRenderer.Default.RenderBanner(HostileView()));

        Assert.AreEqual("Cookies on " + Hostile, document.QuerySelector("#cc-banner-title")!.TextContent);
    }

    [TestMethod]
    public void NonAsciiTexts_StayReadable()
    {
        var html = ConsentRenderer.Default.RenderBanner(TestSites.View(locale: "de"));

        Assert.Contains("Zusätzliche Cookies", html);
    }
}
