using CookieConsent.Pages;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.Rendering;

[TestClass]
public sealed class PrivacyStatusTests
{
    [TestMethod]
    [DataRow(DecisionReason.GlobalPrivacyControl)]
    [DataRow(DecisionReason.GlobalPrivacyControlRecorded)]
    [DataRow(DecisionReason.VisitorRefusal)]
    public void OptOutOfSaleOrSharing_SaysOptOutRequestHonored_WithALinkToTheSettings(DecisionReason reason)
    {
        var site = TestSites.Site();
        var decisions = site.Categories.Select(c => c.SaleOrSharing
            ? new CategoryDecision(c.Id, false, reason)
            : new CategoryDecision(c.Id, true, c.Required ? DecisionReason.Required : DecisionReason.VisitorChoice)).ToArray();

        var markup = PrivacyStatus.Render(site, decisions, "en", "/cookie-settings?x=<1>");

        StringAssert.Contains(markup, "Opt-out request honored");
        StringAssert.Contains(markup, "href=\"/cookie-settings?x=&lt;1&gt;\"");
    }

    [TestMethod]
    [DataRow(DecisionReason.NoConsent, false)]
    [DataRow(DecisionReason.VisitorChoice, true)]
    [DataRow(DecisionReason.Unavailable, false)]
    [DataRow(DecisionReason.DoNotTrack, false)]
    public void NoOptOutOfSaleOrSharing_RendersNothing(DecisionReason reason, bool allowed)
    {
        var site = TestSites.Site();
        var decisions = site.Categories.Select(c => new CategoryDecision(c.Id, c.Required || allowed, c.Required ? DecisionReason.Required : reason)).ToArray();

        Assert.AreEqual("", PrivacyStatus.Render(site, decisions, "en", "/settings"));
    }

    [TestMethod]
    public void TheLine_IsInTheVisitorsLanguage()
    {
        var site = TestSites.Site();
        var decisions = site.Categories.Select(c => new CategoryDecision(c.Id, !c.SaleOrSharing,
            c.SaleOrSharing ? DecisionReason.GlobalPrivacyControlRecorded : DecisionReason.Required)).ToArray();

        StringAssert.Contains(PrivacyStatus.Render(site, decisions, "de-DE", "/"), "Widerspruch ber");
    }
}
