using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

/// <summary>"Limit the Use of My Sensitive Personal Information", the privacy status line it adds, and the GPC notice.</summary>
[TestClass]
public sealed class ConsentRendererLimitTests
{
    private static readonly ConsentRenderer Renderer = ConsentRenderer.Default;

    private static readonly CategoryDefinition Location = new(
        "location", false, false, new Dictionary<string, CategoryText> { ["en"] = new("Precise location", "Nearest pick-up point.") }, [],
        Sensitive: true);

    private static SiteDefinition Site(ConsentRegime regime = ConsentRegime.OptOut) =>
        TestSites.Site(regime, categories: [TestSites.Necessary, TestSites.Analytics, TestSites.Marketing, Location]);

    [TestMethod]
    public void Limit_OnlyOptOutSitesWithASensitiveCategoryOfferIt()
    {
        Assert.IsTrue(SensitiveLimit.Applies(Site()));
        Assert.IsFalse(SensitiveLimit.Applies(Site(ConsentRegime.OptIn)));
        Assert.IsFalse(SensitiveLimit.Applies(TestSites.Site(ConsentRegime.OptOut)));
    }

    [TestMethod]
    public void Limit_HasOneButtonPostingTheLimit()
    {
        var view = TestSites.View(Site()) with { Urls = new ConsentUrls("/consent/choices", "/prefs") { Limit = "/consent/limit" } };
        var html = Renderer.RenderLimit(view);
        var document = Markup.Parse(html);

        Assert.AreEqual("Limit the Use of My Sensitive Personal Information", document.QuerySelector("h2")!.TextContent);
        var button = document.QuerySelectorAll("button").Single();
        Assert.AreEqual("limit", button.GetAttribute("value"));
        Assert.AreEqual("/consent/limit", document.QuerySelector("form")!.GetAttribute("action"));
        CollectionAssert.AreEqual(new[] { "location" },
            document.QuerySelectorAll(".cc-limit__categories li").Select(li => li.GetAttribute("data-category")).ToArray());
        Assert.IsNull(document.QuerySelector(".cc-limit__done"));
        Markup.AssertFormsArePostsWithTokens(html);
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void Limit_WithoutDedicatedEndpoint_PostsItsOwnDecisionWithChoicesThatRefuseOnlyTheSensitiveCategory()
    {
        var site = Site();
        var view = TestSites.View(site, TestSites.Chosen(site, ("analytics", true), ("marketing", true), ("location", true))) with
        {
            Urls = new ConsentUrls("/consent/choices", "/cookie-settings"),
        };
        var form = Markup.Parse(Renderer.RenderLimit(view)).QuerySelector("form")!;

        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("limit", form.QuerySelectorAll("button").Single().GetAttribute("value"));
        Assert.AreEqual("no", form.QuerySelector("input[name=category-location]")!.GetAttribute("value"));
        Assert.AreEqual("yes", form.QuerySelector("input[name=category-analytics]")!.GetAttribute("value"));
        Assert.AreEqual("yes", form.QuerySelector("input[name=category-marketing]")!.GetAttribute("value"));
    }

    [TestMethod]
    public void Limit_WhenLimited_SaysSoAndOffersLiftingIt()
    {
        var site = Site();
        var view = TestSites.View(site, TestSites.Chosen(site, ("analytics", true), ("marketing", false), ("location", false))) with
        {
            Urls = new ConsentUrls("/consent/choices", "/cookie-settings"),
        };
        var document = Markup.Parse(Renderer.RenderLimit(view));
        var form = document.QuerySelector("form")!;

        Assert.AreEqual("You have limited the use of your sensitive personal information.", document.QuerySelector(".cc-limit__done")!.TextContent);
        Assert.AreEqual("Stop limiting the use", form.QuerySelector("button")!.TextContent);
        Assert.AreEqual("yes", form.QuerySelector("input[name=category-location]")!.GetAttribute("value"));
        Assert.AreEqual("no", form.QuerySelector("input[name=category-marketing]")!.GetAttribute("value"), "the other refusal stands");
    }

    [TestMethod]
    public void PrivacyStatus_SaysLimitRequestHonored_OnlyWhenLimited()
    {
        var site = Site();
        var limited = PrivacyStatus.Render(site, TestSites.Chosen(site, ("analytics", true), ("marketing", true), ("location", false)), "en", "/s");
        var notLimited = PrivacyStatus.Render(site, TestSites.Chosen(site, ("analytics", true), ("marketing", true), ("location", true)), "en", "/s");
        var both = PrivacyStatus.Render(site, TestSites.Chosen(site, ("analytics", true), ("marketing", false), ("location", false)), "es", "/s");

        CollectionAssert.AreEqual(new[] { "Limit request honored" },
            Markup.Parse(limited).QuerySelectorAll(".cc-privacy-status__text").Select(e => e.TextContent).ToArray());
        Assert.AreEqual("", notLimited);
        CollectionAssert.AreEqual(new[] { "Solicitud de exclusión respetada", "Solicitud de limitación respetada" },
            Markup.Parse(both).QuerySelectorAll(".cc-privacy-status__text").Select(e => e.TextContent).ToArray());
    }

    [TestMethod]
    [DataRow("en", "“Accept all” does not allow these categories")]
    [DataRow("de", "„Alle akzeptieren“ erlaubt diese Kategorien nicht")]
    [DataRow("fr", "« Tout accepter » n'autorise pas ces catégories")]
    [DataRow("es", "«Aceptar todas» no permite estas categorías")]
    public void BannerAndPreferences_WithGpc_SayBeforePostingThatAcceptAllDoesNotOverrideTheSignal(string locale, string expected)
    {
        var view = TestSites.View(TestSites.Site(ConsentRegime.OptOut), signals: new ConsentSignals(false, true), locale: locale);

        var banner = Markup.Parse(Renderer.RenderBanner(view));
        var preferences = Markup.Parse(Renderer.RenderPreferences(view));

        Assert.Contains(expected, banner.QuerySelector("#cc-banner-gpc-accept-all")!.TextContent);
        Assert.Contains(expected, preferences.QuerySelector("#cc-preferences-gpc-accept-all")!.TextContent);
    }

    [TestMethod]
    public void Banner_WithoutGpc_HasNoSignalNotice()
    {
        var html = Renderer.RenderBanner(TestSites.View(TestSites.Site(ConsentRegime.OptOut)));

        Assert.IsNull(Markup.Parse(html).QuerySelector("#cc-banner-gpc-accept-all"));
    }
}
