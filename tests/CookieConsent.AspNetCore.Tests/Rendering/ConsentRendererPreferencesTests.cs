using AngleSharp.Dom;
using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;
using CookieConsent.Pages;

namespace CookieConsent.AspNetCore.Tests.Rendering;

[TestClass]
public sealed class ConsentRendererPreferencesTests
{
    private static readonly ConsentRenderer Renderer = ConsentRenderer.Default;

    private static IDocument Render(ConsentView view) => Markup.Parse(Renderer.RenderPreferences(view));

    [TestMethod]
    public void Preferences_ShowEveryCategoryWithDescriptionAndCookies()
    {
        var document = Render(TestSites.View());

        var categories = document.QuerySelectorAll(".cc-category");
        CollectionAssert.AreEqual(
            new[] { "cc-category-necessary", "cc-category-analytics", "cc-category-marketing" },
            categories.Select(c => c.Id).ToArray());
        var analytics = document.QuerySelector("#cc-category-analytics")!;
        Assert.AreEqual("Analytics", analytics.QuerySelector("h3")!.TextContent);
        Assert.AreEqual("Count visits to improve the shop.", analytics.QuerySelector(".cc-category__description")!.TextContent);
        CollectionAssert.AreEqual(new[] { "_ga", "_gid*" }, analytics.QuerySelectorAll(".cc-cookie-list code").Select(c => c.TextContent).ToArray());
    }

    [TestMethod]
    public void Preferences_OptionalCategoryHasYesNoRadioPairInFieldsetWithLegendAndLabels()
    {
        var document = Render(TestSites.View());

        foreach (var id in new[] { "analytics", "marketing" })
        {
            var fieldset = document.QuerySelector($"#cc-category-{id} fieldset")!;
            Assert.IsFalse(string.IsNullOrWhiteSpace(fieldset.QuerySelector("legend")?.TextContent));
            var radios = fieldset.QuerySelectorAll("input[type=radio]");
            CollectionAssert.AreEqual(new[] { "yes", "no" }, radios.Select(r => r.GetAttribute("value")).ToArray());
            foreach (var radio in radios)
            {
                Assert.AreEqual("category-" + id, radio.GetAttribute("name"));
                var label = document.QuerySelector($"label[for='{radio.Id}']");
                Assert.IsNotNull(label, $"radio {radio.Id} has no label");
            }
        }
    }

    [TestMethod]
    public void Preferences_RequiredCategoryIsAlwaysOnWithoutRadio()
    {
        var document = Render(TestSites.View());

        var necessary = document.QuerySelector("#cc-category-necessary")!;
        Assert.IsEmpty(necessary.QuerySelectorAll("input"));
        Assert.IsEmpty(document.QuerySelectorAll("input[name=category-necessary]"));
        Assert.AreEqual("Always on", necessary.QuerySelector(".cc-status--on")!.TextContent);
    }

    [TestMethod]
    public void Preferences_WithoutChoice_NothingIsPreselected()
    {
        var document = Render(TestSites.View());

        Assert.IsEmpty(document.QuerySelectorAll("input[checked]"));
    }

    [TestMethod]
    public void Preferences_OptOutRegimeDefaultAllowed_IsNotPreselectedToYes()
    {
        // In the opt-out regime the categories are allowed before any choice, but the visitor did not say "yes".
        var site = TestSites.Site(ConsentRegime.OptOut);
        var decisions = TestSites.NoChoice(site);
        Assert.IsTrue(decisions.Single(d => d.Category == "analytics").Allowed);

        var document = Render(TestSites.View(site, decisions));

        Assert.IsEmpty(document.QuerySelectorAll("input[checked]"));
    }

    [TestMethod]
    public void Preferences_CurrentChoiceIsPreselected()
    {
        var site = TestSites.Site();
        var document = Render(TestSites.View(site, TestSites.Chosen(site, ("analytics", true), ("marketing", false))));

        CollectionAssert.AreEquivalent(
            new[] { "cc-category-analytics-yes", "cc-category-marketing-no" },
            document.QuerySelectorAll("input[checked]").Select(i => i.Id).ToArray());
    }

    [TestMethod]
    [DataRow(DecisionReason.Expired)]
    [DataRow(DecisionReason.PolicyChanged)]
    [DataRow(DecisionReason.Unavailable)]
    [DataRow(DecisionReason.DoNotTrack)]
    public void Preferences_ChoiceThatNoLongerCounts_IsNotPreselected(DecisionReason reason)
    {
        var site = TestSites.Site();
        var decisions = new[]
        {
            new CategoryDecision("necessary", true, DecisionReason.Required),
            new CategoryDecision("analytics", reason == DecisionReason.Unavailable ? false : true, reason),
            new CategoryDecision("marketing", false, DecisionReason.VisitorRefusal),
        };

        var document = Render(TestSites.View(site, decisions));

        CollectionAssert.AreEqual(
            new[] { "cc-category-marketing-no" },
            document.QuerySelectorAll("input[checked]").Select(i => i.Id).ToArray());
    }

    [TestMethod]
    public void Preferences_OfferSave_AcceptAll_AndRejectAll_AllEquallyProminent()
    {
        var html = Renderer.RenderPreferences(TestSites.View());
        var buttons = Markup.Parse(html).QuerySelectorAll("button");

        CollectionAssert.AreEqual(new[] { "save", "accept-all", "reject-all" }, buttons.Select(b => b.GetAttribute("value")).ToArray(),
            "Save first, so Enter on a choice saves it");
        CollectionAssert.AreEqual(new[] { "Save cookie settings", "Accept all", "Reject all" }, buttons.Select(b => b.TextContent).ToArray());
        Assert.IsTrue(buttons.All(b => b.GetAttribute("name") == "decision" && b.GetAttribute("class") == "cc-button"),
            "one element and one class for all three");
        CollectionAssert.AreEqual(new[] { false, true, true }, buttons.Select(b => b.HasAttribute("formnovalidate")).ToArray(),
            "the required yes/no answers hold for Save only: Accept all and Reject all answer every category");
        Markup.AssertFormsArePostsWithTokens(html);
        Assert.AreEqual("/consent/choices", Markup.Parse(html).QuerySelector("form")!.GetAttribute("action"));
    }

    [TestMethod]
    public void Preferences_WithGpcOnHonouringSite_ShowSaleOrSharingCategoriesAsRefused()
    {
        var site = TestSites.Site();
        var html = Renderer.RenderPreferences(TestSites.View(site, signals: new ConsentSignals(false, true)));
        var document = Markup.Parse(html);

        Assert.AreEqual("Opt-out preference signal honored", document.QuerySelector(".cc-notice__title")!.TextContent);
        var marketing = document.QuerySelector("#cc-category-marketing")!;
        Assert.IsEmpty(marketing.QuerySelectorAll("input[type=radio]"), "no 'yes' to offer while the signal refuses it");
        Assert.AreEqual("Refused: opt-out preference signal honored", marketing.QuerySelector(".cc-status--off")!.TextContent);
        Assert.AreEqual("no", marketing.QuerySelector("input[type=hidden][name=category-marketing]")!.GetAttribute("value"));
        // Categories that are not sale-or-sharing are still the visitor's choice.
        Assert.HasCount(2, document.QuerySelectorAll("#cc-category-analytics input[type=radio]"));
    }

    [TestMethod]
    public void Preferences_WithGpcOnSiteThatDoesNotHonourIt_KeepTheChoice()
    {
        var site = TestSites.Site(honorGpc: false);
        var document = Render(TestSites.View(site, signals: new ConsentSignals(false, true)));

        Assert.HasCount(2, document.QuerySelectorAll("#cc-category-marketing input[type=radio]"));
        Assert.IsEmpty(document.QuerySelectorAll(".cc-notice"));
    }

    [TestMethod]
    public void Preferences_OfferTheReceiptDownload()
    {
        var document = Render(TestSites.View());

        var link = document.QuerySelector("a.cc-receipt__link")!;
        Assert.AreEqual("/consent/receipt", link.GetAttribute("href"));
        Assert.IsTrue(link.HasAttribute("download"));
    }

    [TestMethod]
    public void Preferences_WithoutReceiptUrl_HaveNoReceiptLink()
    {
        var view = TestSites.View() with { Urls = new ConsentUrls("/consent/choices", "/cookie-settings") };

        Assert.IsEmpty(Render(view).QuerySelectorAll(".cc-receipt"));
    }

    [TestMethod]
    public void Preferences_HeadingsGoInOrder()
    {
        var onOwnPage = Render(TestSites.View(headingLevel: 1));
        Assert.AreEqual("Cookie settings", onOwnPage.QuerySelector("h1")!.TextContent);
        Assert.HasCount(3, onOwnPage.QuerySelectorAll("h2.cc-category__name"));

        var embedded = Render(TestSites.View(headingLevel: 2));
        Assert.IsEmpty(embedded.QuerySelectorAll("h1"));
        Assert.HasCount(3, embedded.QuerySelectorAll("h3.cc-category__name"));
    }

    [TestMethod]
    public void Preferences_RadioIdsAreUnique()
    {
        var document = Render(TestSites.View());
        var ids = document.QuerySelectorAll("[id]").Select(e => e.Id).ToArray();

        Assert.HasCount(ids.Length, ids.Distinct().ToArray());
    }
}
