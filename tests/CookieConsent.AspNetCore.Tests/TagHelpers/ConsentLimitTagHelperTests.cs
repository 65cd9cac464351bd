using CookieConsent.AspNetCore.Tests.TestSupport;
using CookieConsent.Client.Contracts;

namespace CookieConsent.AspNetCore.Tests.TagHelpers;

[TestClass]
public sealed class ConsentLimitTagHelperTests
{
    private static readonly CategoryDefinition Location = new(
        "location", false, false, new Dictionary<string, CategoryText> { ["en"] = new("Precise location", "Nearest pick-up point.") }, [],
        Sensitive: true);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task OptOutSiteWithASensitiveCategory_RendersTheLimitFormPostingToTheChoicesEndpoint()
    {
        var site = TestSites.Site(ConsentRegime.OptOut, categories: [TestSites.Necessary, TestSites.Analytics, TestSites.Marketing, Location]);
        var html = await GetSettingsAsync(new TestConsentFeature { Definition = site, Decisions = TestSites.NoChoice(site) });
        var form = Markup.Parse(html).QuerySelector(".cc-limit form")!;

        Assert.AreEqual("/consent/choices", form.GetAttribute("action"));
        Assert.AreEqual("Limit the use of my sensitive personal information", form.QuerySelectorAll("button").Single().TextContent);
        Assert.AreEqual("no", form.QuerySelector("input[type=hidden][name=category-location]")!.GetAttribute("value"));
        Assert.AreEqual("yes", form.QuerySelector("input[type=hidden][name=category-marketing]")!.GetAttribute("value"));
    }

    [TestMethod]
    [DataRow(ConsentRegime.OptOut, false, DisplayName = "opt-out, no sensitive category")]
    [DataRow(ConsentRegime.OptIn, true, DisplayName = "opt-in, with a sensitive category")]
    public async Task SiteWithoutTheLimitRight_RendersNothing(ConsentRegime regime, bool sensitive)
    {
        var site = sensitive
            ? TestSites.Site(regime, categories: [TestSites.Necessary, TestSites.Analytics, TestSites.Marketing, Location])
            : TestSites.Site(regime);
        var html = await GetSettingsAsync(new TestConsentFeature { Definition = site, Decisions = TestSites.NoChoice(site) });

        Assert.IsNull(Markup.Parse(html).QuerySelector(".cc-limit"));
        Assert.IsNotNull(Markup.Parse(html).QuerySelector(".cc-do-not-sell"), "the page itself rendered");
    }

    private async Task<string> GetSettingsAsync(Features.IConsentFeature feature)
    {
        await using var host = await TagHelperHost.StartAsync(_ => feature, TestContext.CancellationToken);
        var response = await host.Client.GetAsync("/Settings", TestContext.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
    }
}
