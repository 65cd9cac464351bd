using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

[TestClass]
public sealed class ConsentRendererDoNotSellTests
{
    private static readonly ConsentRenderer Renderer = ConsentRenderer.Default;

    [TestMethod]
    public void DoNotSell_HasOneButtonPostingTheOptOut()
    {
        var html = Renderer.RenderDoNotSell(TestSites.View(TestSites.Site(ConsentRegime.OptOut)));
        var document = Markup.Parse(html);

        Assert.AreEqual("Do Not Sell or Share My Personal Information", document.QuerySelector("h2")!.TextContent);
        var button = document.QuerySelectorAll("button").Single();
        Assert.AreEqual("decision", button.GetAttribute("name"));
        Assert.AreEqual("do-not-sell", button.GetAttribute("value"));
        Assert.AreEqual("/consent/do-not-sell", document.QuerySelector("form")!.GetAttribute("action"));
        CollectionAssert.AreEqual(new[] { "marketing" },
            document.QuerySelectorAll(".cc-do-not-sell__categories li").Select(li => li.GetAttribute("data-category")).ToArray());
        Markup.AssertFormsArePostsWithTokens(html);
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void DoNotSell_WithGpcHonoured_SaysTheSignalIsAlreadyHonoured()
    {
        var html = Renderer.RenderDoNotSell(TestSites.View(TestSites.Site(ConsentRegime.OptOut), signals: new ConsentSignals(false, true)));

        Assert.Contains("Opt-out preference signal honored", html);
        Assert.Contains("Global Privacy Control signal is already honored", html);
    }

    [TestMethod]
    public void DoNotSell_WithoutGpc_DoesNotClaimTheSignal()
    {
        var html = Renderer.RenderDoNotSell(TestSites.View(TestSites.Site(ConsentRegime.OptOut)));

        Assert.DoesNotContain("already honored", html);
    }

    [TestMethod]
    public void DoNotSell_AfterOptingOut_SaysSo()
    {
        var site = TestSites.Site(ConsentRegime.OptOut);
        var html = Renderer.RenderDoNotSell(TestSites.View(site, TestSites.Chosen(site, ("analytics", true), ("marketing", false))));

        Assert.Contains("You have opted out of the sale or sharing of your personal information.", html);
    }

    [TestMethod]
    public void DoNotSell_SiteWithoutSaleOrSharing_SaysNothingIsSoldAndHasNoForm()
    {
        var site = TestSites.Site(ConsentRegime.OptOut, categories: [TestSites.Necessary, TestSites.Analytics]);
        var html = Renderer.RenderDoNotSell(TestSites.View(site));

        Assert.Contains("This site does not sell or share personal information.", html);
        Assert.IsEmpty(Markup.Parse(html).QuerySelectorAll("form"));
    }

    [TestMethod]
    public void DoNotSell_WithoutDedicatedEndpoint_PostsItsOwnDecisionWithChoicesThatKeepTheOtherChoices()
    {
        var site = TestSites.Site(ConsentRegime.OptIn);
        var view = TestSites.View(site, TestSites.Chosen(site, ("analytics", true), ("marketing", true))) with
        {
            Urls = new ConsentUrls("/consent/choices", "/cookie-settings"),
        };
        var html = Renderer.RenderDoNotSell(view);
        var form = Markup.Parse(html).QuerySelector("form")!;

        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("do-not-sell", form.QuerySelectorAll("button").Single().GetAttribute("value"));
        Assert.AreEqual("yes", form.QuerySelector("input[name=category-analytics]")!.GetAttribute("value"));
        Assert.AreEqual("no", form.QuerySelector("input[name=category-marketing]")!.GetAttribute("value"));
        Assert.IsNull(form.QuerySelector("input[name=category-necessary]"));
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public void DoNotSell_WithoutDedicatedEndpoint_OptInWithoutChoice_AllowsNothing()
    {
        var site = TestSites.Site(ConsentRegime.OptIn);
        var view = TestSites.View(site) with { Urls = new ConsentUrls("/consent/choices", "/cookie-settings") };
        var form = Markup.Parse(Renderer.RenderDoNotSell(view)).QuerySelector("form")!;

        Assert.AreEqual("no", form.QuerySelector("input[name=category-analytics]")!.GetAttribute("value"));
        Assert.AreEqual("no", form.QuerySelector("input[name=category-marketing]")!.GetAttribute("value"));
    }
}
