using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

[TestClass]
public sealed class ConsentRendererBannerTests
{
    private static readonly ConsentRenderer Renderer = ConsentRenderer.Default;

    [TestMethod]
    public void Banner_HasAcceptAndRejectAsEqualButtonsOfOneForm()
    {
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View()));

        var buttons = document.QuerySelectorAll("button");
        Assert.HasCount(2, buttons);
        var accept = buttons.Single(b => b.GetAttribute("value") == "accept-all");
        var reject = buttons.Single(b => b.GetAttribute("value") == "reject-all");
        Assert.AreEqual("Accept all", accept.TextContent);
        Assert.AreEqual("Reject all", reject.TextContent);
        Assert.AreSame(accept.ParentElement, reject.ParentElement, "both buttons sit side by side in one group");
        Assert.AreSame(accept.Closest("form"), reject.Closest("form"));
        foreach (var name in new[] { "class", "type", "name" })
        {
            Assert.AreEqual(accept.GetAttribute(name), reject.GetAttribute(name), $"attribute {name} differs");
        }
        Assert.AreEqual("decision", accept.GetAttribute("name"));
        Assert.AreEqual("submit", accept.GetAttribute("type"));
    }

    [TestMethod]
    public void Banner_FormPostsToChoicesWithTokenAndReturnUrl()
    {
        var html = Renderer.RenderBanner(TestSites.View(returnUrl: "/products?page=2&sort=price"));
        var form = Markup.Parse(html).QuerySelector("form")!;

        Assert.AreEqual("post", form.GetAttribute("method"));
        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("token-value", form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value"));
        Assert.AreEqual("/products?page=2&sort=price", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Markup.AssertFormsArePostsWithTokens(html);
    }

    [TestMethod]
    public void Banner_LinksToPreferencesAndPolicy()
    {
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View()));

        var links = document.QuerySelectorAll("a").ToDictionary(a => a.TextContent, a => a.GetAttribute("href"));
        Assert.AreEqual("/cookie-settings", links["Cookie settings"]);
        Assert.AreEqual("https://shop.example/privacy", links["Cookie policy"]);
    }

    [TestMethod]
    public void Banner_DropsAPolicyLinkThatIsNotHttpOrLocal()
    {
        var site = TestSites.Site(policyUrl: "javascript:alert(1)");
        var html = Renderer.RenderBanner(TestSites.View(site));

        Assert.IsNull(Markup.Parse(html).QuerySelectorAll("a").FirstOrDefault(a => a.TextContent == "Cookie policy"));
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void Banner_NamesEachOptionalCategory_AndMarksSaleOrSharing_InItsOneParagraph()
    {
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View()));

        var paragraphs = document.QuerySelectorAll("section.cc-banner > p");
        Assert.HasCount(1, paragraphs);
        StringAssert.EndsWith(paragraphs[0].TextContent,
            "“Accept all” covers: Analytics and Marketing (sale or sharing of personal information).");
        CollectionAssert.AreEqual(new[] { "Analytics", "Marketing" },
            paragraphs[0].QuerySelectorAll(".cc-banner__category").Select(e => e.TextContent).ToArray());
        Assert.AreEqual("sale or sharing of personal information", paragraphs[0].QuerySelector("strong.cc-banner__sale")!.TextContent);
        Assert.DoesNotContain("Strictly necessary", paragraphs[0].TextContent);
    }

    [TestMethod]
    [DataRow("de", "„Alle akzeptieren“ umfasst: Statistik und Marketing (Verkauf oder Weitergabe personenbezogener Daten).")]
    [DataRow("fr", "« Tout accepter » couvre : Statistiques et Marketing (vente ou partage de données personnelles).")]
    [DataRow("es", "«Aceptar todas» incluye: Analítica y Marketing (venta o intercambio de datos personales).")]
    public void Banner_NamesTheCategories_InTheVisitorsLanguage(string locale, string covers)
    {
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View(locale: locale)));

        StringAssert.EndsWith(document.QuerySelector("p.cc-banner__text")!.TextContent, covers);
    }

    [TestMethod]
    public void Banner_WithoutSaleOrSharing_MarksNothing()
    {
        var site = TestSites.Site(categories: [TestSites.Necessary, TestSites.Analytics]);
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View(site)));

        StringAssert.EndsWith(document.QuerySelector("p.cc-banner__text")!.TextContent, "“Accept all” covers: Analytics.");
        Assert.IsNull(document.QuerySelector(".cc-banner__sale"));
    }

    [TestMethod]
    public void Banner_HasHeadingNamedAfterTheSiteAndLangAttribute()
    {
        var document = Markup.Parse(Renderer.RenderBanner(TestSites.View(locale: "de")));

        var section = document.QuerySelector("section.cc-banner")!;
        Assert.AreEqual("de", section.GetAttribute("lang"));
        Assert.AreEqual("cc-banner-title", section.GetAttribute("aria-labelledby"));
        Assert.AreEqual("Cookies auf Example Shop", document.QuerySelector("h2#cc-banner-title")!.TextContent);
        Assert.AreEqual("Alle akzeptieren", document.QuerySelector("button[value=accept-all]")!.TextContent);
        Assert.AreEqual("Alle ablehnen", document.QuerySelector("button[value=reject-all]")!.TextContent);
    }

    [TestMethod]
    public void Banner_WithGpcOnHonouringSite_SaysSignalHonouredAndListsRefusedCategories()
    {
        var site = TestSites.Site();
        var html = Renderer.RenderBanner(TestSites.View(site, signals: new ConsentSignals(false, true)));
        var notice = Markup.Parse(html).QuerySelector(".cc-notice")!;

        Assert.AreEqual("Opt-out preference signal honored", notice.QuerySelector(".cc-notice__title")!.TextContent);
        var refused = notice.QuerySelectorAll("li").Select(li => li.GetAttribute("data-category")).ToArray();
        CollectionAssert.AreEqual(new[] { "marketing" }, refused);
    }

    [TestMethod]
    public void Banner_WithGpcOnSiteThatDoesNotHonourIt_SaysNothingAboutTheSignal()
    {
        var site = TestSites.Site(honorGpc: false);
        var html = Renderer.RenderBanner(TestSites.View(site, signals: new ConsentSignals(false, true)));

        Assert.DoesNotContain("Opt-out preference signal honored", html);
        Assert.IsEmpty(Markup.Parse(html).QuerySelectorAll(".cc-notice"));
    }

    [TestMethod]
    public void Banner_WithoutGpc_HasNoSignalNotice()
    {
        var html = Renderer.RenderBanner(TestSites.View());

        Assert.DoesNotContain("Opt-out preference signal honored", html);
    }

    [TestMethod]
    public void Banner_WithDntOnHonouringSite_SaysDoNotTrackHonoured()
    {
        var html = Renderer.RenderBanner(TestSites.View(signals: new ConsentSignals(true, false)));

        Assert.Contains("Do Not Track signal honored", html);
    }

    [TestMethod]
    public void Banner_TextFollowsTheRegime()
    {
        var optIn = Renderer.RenderBanner(TestSites.View(TestSites.Site(ConsentRegime.OptIn)));
        var optOut = Renderer.RenderBanner(TestSites.View(TestSites.Site(ConsentRegime.OptOut)));

        Assert.Contains("but only if you accept them", optIn);
        Assert.Contains("You can refuse the additional cookies", optOut);
    }

    [TestMethod]
    [DataRow(nameof(ConsentNotice.Accepted), "You've accepted additional cookies. You can change your cookie settings at any time.")]
    [DataRow(nameof(ConsentNotice.Rejected), "You've rejected additional cookies. You can change your cookie settings at any time.")]
    [DataRow(nameof(ConsentNotice.Saved), "You've saved your cookie settings. You can change your cookie settings at any time.")]
    public void Confirmation_SaysWhatWasChosenWithLinkAndHideButton(string noticeName, string expected)
    {
        var notice = Enum.Parse<ConsentNotice>(noticeName);
        var html = Renderer.RenderConfirmation(TestSites.View(notice: notice));
        var document = Markup.Parse(html);

        Assert.AreEqual(expected, document.QuerySelector(".cc-confirmation__text")!.TextContent);
        Assert.AreEqual("/cookie-settings", document.QuerySelector(".cc-confirmation__text a")!.GetAttribute("href"));
        var form = document.QuerySelector("form")!;
        Assert.AreEqual("/consent/notice/hide", form.GetAttribute("action"));
        Assert.AreEqual("Hide this message", form.QuerySelector("button[type=submit]")!.TextContent);
        Markup.AssertFormsArePostsWithTokens(html);
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void Confirmation_WithoutNotice_IsEmpty()
    {
        Assert.AreEqual("", Renderer.RenderConfirmation(TestSites.View(notice: ConsentNotice.None)));
    }

    [TestMethod]
    [DataRow("accepted", nameof(ConsentNotice.Accepted))]
    [DataRow("rejected", nameof(ConsentNotice.Rejected))]
    [DataRow("saved", nameof(ConsentNotice.Saved))]
    [DataRow("<b>", nameof(ConsentNotice.None))]
    [DataRow("", nameof(ConsentNotice.None))]
    [DataRow(null, nameof(ConsentNotice.None))]
    public void NoticeCookieValue_ParsesOnlyKnownValues(string? value, string expectedName)
    {
        var expected = Enum.Parse<ConsentNotice>(expectedName);
        Assert.AreEqual(expected, ConsentNotices.Parse(value));
        if (expected != ConsentNotice.None)
        {
            Assert.AreEqual(value, ConsentNotices.ToCookieValue(expected));
        }
    }
}
