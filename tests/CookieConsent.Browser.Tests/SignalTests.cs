using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>Do Not Track and Global Privacy Control sent by the browser (the shop's site honours both).</summary>
[TestClass]
public sealed class SignalTests : BrowserTest
{
    [TestMethod]
    public async Task DoNotTrack_KeepsAnalyticsSnippetAwayEvenAfterAcceptAll()
    {
        var page = await NewPageAsync(new Dictionary<string, string> { ["DNT"] = "1" });
        var first = await GotoAsync(page, Shop());
        await Assertions.Expect(page.Locator("#cc-banner-dnt")).ToContainTextAsync("Do Not Track signal honored");
        Assert.AreEqual("N", await first.HeaderValueAsync("tk"), "tracking status header");

        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, Shop("/products/notebook"));
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync(), "analytics snippet despite DNT");
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing pixel despite DNT");
        var cookies = await CookieNamesAsync(page);
        Assert.IsFalse(cookies.Any(c => c is "_sa_id" or "ads_id" or "shop_recently_viewed"), string.Join(", ", cookies));
        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToContainTextAsync("Your browser sent Do Not Track.");
        await Assertions.Expect(page.Locator("#privacy-dnt")).ToContainTextAsync("honoured");
    }

    [TestMethod]
    public async Task GlobalPrivacyControl_DeniesMarketingAndSaysTheSignalIsHonored()
    {
        var page = await NewPageAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });
        await GotoAsync(page, Shop());
        await Assertions.Expect(page.Locator("#cc-banner-gpc")).ToContainTextAsync("Opt-out preference signal honored");
        await Assertions.Expect(page.Locator("#cc-banner-gpc [data-category=marketing]")).ToBeVisibleAsync();

        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, Shop("/products/tea-mug"));
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing (sale or sharing) despite GPC");
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);

        await GotoAsync(page, Shop("/cookie-settings"));
        await Assertions.Expect(page.Locator("#cc-preferences-gpc")).ToContainTextAsync("Opt-out preference signal honored");
        await Assertions.Expect(page.Locator("#cc-category-marketing")).ToContainTextAsync("Refused: opt-out preference signal honored");
        Assert.AreEqual(0, await page.Locator("#cc-category-marketing input[type=radio]").CountAsync(), "no yes/no for a refused category");

        await GotoAsync(page, Shop("/do-not-sell"));
        await Assertions.Expect(page.Locator("#cc-do-not-sell-gpc")).ToContainTextAsync("Opt-out preference signal honored");

        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToContainTextAsync("Global Privacy Control");
    }

    [TestMethod]
    public async Task GpcSentOnceAfterAcceptAll_MarketingNeverComesBack_AndTheFooterSaysOptOutHonored()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, Shop("/products/tea-mug"));
        await Assertions.Expect(MarketingPixel(page)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".cc-privacy-status")).ToHaveCountAsync(0);

        // One page load with the signal, then the browser stops sending it.
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });
        await GotoAsync(page, Shop("/products/notebook"));
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string>());

        foreach (var path in new[] { "/", "/products/tea-mug", "/products/notebook" })
        {
            await GotoAsync(page, Shop(path));
            await page.WaitForLoadStateAsync(LoadState.Load);
            Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), $"marketing markup came back on {path}");
            await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator(".cc-privacy-status")).ToContainTextAsync("Opt-out request honored");
        }
        await Assertions.Expect(page.Locator(".cc-privacy-status a")).ToHaveAttributeAsync("href", "/cookie-settings");
    }

    [TestMethod]
    public async Task DoNotSell_OnTheShop_RefusesMarketingAndKeepsTheOtherChoices()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Accept all"));

        await GotoAsync(page, Shop("/do-not-sell"));
        await SubmitAsync(page, Button(page, "Do not sell or share my personal information"));

        Assert.AreEqual(Shop("/do-not-sell"), page.Url);
        await Assertions.Expect(page.Locator(".cc-do-not-sell__done")).ToContainTextAsync("You have opted out");
        await GotoAsync(page, Shop("/"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing after opting out");
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
        CollectionAssert.DoesNotContain((await CookieNamesAsync(page)).ToList(), "ads_id", "the marketing cookie is expired");
    }
}
