using CookieConsent.AspNetCore.Features;
using Microsoft.Extensions.DependencyInjection;
using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.TagHelpers;

[TestClass]
public sealed class ConsentPreferencesTagHelperTests
{
    public TestContext TestContext { get; set; } = null!;

    private async Task<string> GetSettingsAsync(
        IConsentFeature? feature, Action<HttpRequestMessage>? configure = null, Action<IServiceCollection>? services = null,
        string path = "/Settings")
    {
        await using var host = await TagHelperHost.StartAsync(_ => feature, TestContext.CancellationToken, services);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        var response = await host.Client.SendAsync(request, TestContext.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
    }

    [TestMethod]
    public async Task Preferences_RenderTheFormPreselectedToTheCurrentChoice()
    {
        var site = TestSites.Site();
        var html = await GetSettingsAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            Decisions = TestSites.Chosen(site, ("analytics", false), ("marketing", true)),
        });
        var document = Markup.Parse(html);

        Assert.AreEqual("Cookie settings", document.QuerySelector("h1")!.TextContent);
        var form = document.QuerySelector(".cc-preferences form")!;
        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("/Settings", form.QuerySelector("input[name=returnUrl]")!.GetAttribute("value"));
        Assert.IsFalse(string.IsNullOrEmpty(form.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")));
        CollectionAssert.AreEquivalent(
            new[] { "cc-category-analytics-no", "cc-category-marketing-yes" },
            document.QuerySelectorAll("input[checked]").Select(i => i.Id).ToArray());
        Assert.AreEqual("/receipt", document.QuerySelector("a.cc-receipt__link")!.GetAttribute("href"));
        Assert.IsNull(document.QuerySelector("a.cc-receipt__page-link"), "a site that names its own download keeps just that one");
        Markup.AssertScriptFree(html);
    }

    [TestMethod]
    public async Task WithoutReceiptUrl_AVisitorWithARecord_GetsTheSdksOwnDownloads()
    {
        var site = TestSites.Site();
        var html = await GetSettingsAsync(new TestConsentFeature
        {
            NeedsChoice = false,
            VisitorId = "AAAAAAAAAAAAAAAAAAAAAA",
            Decisions = TestSites.Chosen(site, ("analytics", false), ("marketing", true)),
        }, path: "/Record");
        var document = Markup.Parse(html);

        Assert.AreEqual("/consent/receipt", document.QuerySelector("a.cc-receipt__page-link")!.GetAttribute("href"));
        Assert.AreEqual("/consent/receipt.json", document.QuerySelector("a.cc-receipt__link")!.GetAttribute("href"));
        Assert.AreEqual("Download your consent record (HTML)", document.QuerySelector("a.cc-receipt__page-link")!.TextContent);
    }

    [TestMethod]
    public async Task WithoutReceiptUrl_AVisitorWithoutARecord_GetsNoDownload()
    {
        var site = TestSites.Site();
        var html = await GetSettingsAsync(new TestConsentFeature { Definition = site, Decisions = TestSites.NoChoice(site) }, path: "/Record");

        Assert.IsEmpty(Markup.Parse(html).QuerySelectorAll(".cc-receipt"));
    }

    [TestMethod]
    public async Task DoNotSell_PostsItsChoicesToTheChoicesEndpointThatRefusesOnlySaleOrSharing()
    {
        var site = TestSites.Site(CookieConsent.Client.Contracts.ConsentRegime.OptOut);
        var html = await GetSettingsAsync(new TestConsentFeature { Definition = site, Decisions = TestSites.NoChoice(site) });
        var form = Markup.Parse(html).QuerySelector(".cc-do-not-sell form")!;

        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        var button = form.QuerySelectorAll("button").Single();
        Assert.AreEqual("do-not-sell", button.GetAttribute("value"));
        Assert.AreEqual("Do not sell or share my personal information", button.TextContent);
        Assert.AreEqual("no", form.QuerySelector("input[type=hidden][name=category-marketing]")!.GetAttribute("value"));
        // Opt-out regime: analytics applies until refused, and the opt-out leaves it as it is.
        Assert.AreEqual("yes", form.QuerySelector("input[type=hidden][name=category-analytics]")!.GetAttribute("value"));
    }

    [TestMethod]
    public async Task DoNotSell_KeepsARefusalAndARefusalBySignal()
    {
        var site = TestSites.Site(CookieConsent.Client.Contracts.ConsentRegime.OptOut);
        var html = await GetSettingsAsync(new TestConsentFeature
        {
            Definition = site,
            Signals = new ConsentSignals(true, false),
            Decisions =
            [
                new("necessary", true, DecisionReason.Required),
                new("analytics", false, DecisionReason.DoNotTrack),
                new("marketing", false, DecisionReason.DoNotTrack),
            ],
        });
        var form = Markup.Parse(html).QuerySelector(".cc-do-not-sell form")!;

        Assert.AreEqual("no", form.QuerySelector("input[type=hidden][name=category-analytics]")!.GetAttribute("value"));
    }

    [TestMethod]
    public async Task PathBase_ComesFromCookieConsentOptions()
    {
        var html = await GetSettingsAsync(new TestConsentFeature(),
            services: s => s.Configure<CookieConsentOptions>(o => o.PathBase = "/privacy"));
        var document = Markup.Parse(html);

        Assert.AreEqual("/privacy/choices", document.QuerySelector(".cc-preferences form")!.GetAttribute("action"));
        Assert.AreEqual("/privacy/choices", document.QuerySelector(".cc-do-not-sell form")!.GetAttribute("action"));
    }

    [TestMethod]
    public async Task Gpc_IsShownOnPreferencesAndDoNotSell()
    {
        var html = await GetSettingsAsync(new TestConsentFeature { Signals = new ConsentSignals(false, true) });
        var document = Markup.Parse(html);

        Assert.HasCount(2, document.QuerySelectorAll(".cc-notice--signal"));
        Assert.Contains("Global Privacy Control signal is already honored", html);
    }

    [TestMethod]
    public async Task NoConsentFeature_RendersNothing()
    {
        var html = await GetSettingsAsync(feature: null);

        Assert.DoesNotContain("cc-preferences", html);
        Assert.DoesNotContain("<consent-preferences", html);
    }
}
