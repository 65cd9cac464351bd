using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>The banner and the cookie settings on the sample shop, with JavaScript off.</summary>
[TestClass]
public sealed class ConsentFlowTests : BrowserTest
{
    [TestMethod]
    public async Task FirstVisit_ShowsBannerAndNoTrackingMarkup()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());

        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        await Assertions.Expect(Button(page, "Accept all")).ToBeVisibleAsync();
        await Assertions.Expect(Button(page, "Reject all")).ToBeVisibleAsync();
        Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync(), "analytics snippet before any choice");
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing pixel before any choice");
        Assert.AreEqual("en", await page.Locator("html").GetAttributeAsync("lang"));
        AssertOnlyNecessaryCookies(await CookieNamesAsync(page));
    }

    [TestMethod]
    public async Task RejectAll_KeepsTrackingMarkupAndOptionalCookiesAwayOnEveryLaterPage()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/products/notebook"));

        var response = await SubmitAsync(page, Button(page, "Reject all"));

        Assert.AreEqual("POST", response.Request.RedirectedFrom?.Method, "the form posts, then redirects");
        Assert.AreEqual(Shop("/products/notebook"), page.Url, "back where the visitor was");
        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've rejected additional cookies.");
        await Assertions.Expect(Banner(page)).ToHaveCountAsync(0);

        foreach (var path in new[] { "/", "/products/tea-mug", "/privacy", "/cookie-settings", "/do-not-sell" })
        {
            await GotoAsync(page, Shop(path));
            await page.WaitForLoadStateAsync(LoadState.Load);
            Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync(), $"analytics snippet on {path}");
            Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), $"marketing pixel on {path}");
            Assert.AreEqual(0, await page.Locator("script").CountAsync(), $"script element on {path}");
            Assert.AreEqual(0, await page.Locator("xpath=//*[@*[starts-with(name(), 'on')]]").CountAsync(), $"on* handler on {path}");
            await Assertions.Expect(Banner(page)).ToHaveCountAsync(0);
        }
        // Even a tracker that is requested anyway cannot set its cookie: the SDK strips it.
        var pixel = await page.Context.APIRequest.GetAsync(Shop("/analytics/collect"));
        Assert.AreEqual(200, pixel.Status);
        AssertOnlyNecessaryCookies(await CookieNamesAsync(page));

        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToContainTextAsync("You refused it.");
    }

    [TestMethod]
    public async Task AcceptAll_RendersAnalyticsSnippetAndMarketingPixel()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());

        await SubmitAsync(page, Button(page, "Accept all"));

        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've accepted additional cookies.");
        await GotoAsync(page, Shop("/products/tea-mug"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
        await Assertions.Expect(MarketingPixel(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Banner(page)).ToHaveCountAsync(0);
        await Assertions.Expect(Confirmation(page)).ToHaveCountAsync(0);
        var cookies = await CookieNamesAsync(page);
        CollectionAssert.IsSubsetOf(new[] { "_sa_id", "ads_id", "shop_recently_viewed" }, cookies.ToList(), string.Join(", ", cookies));
    }

    [TestMethod]
    public async Task ChangingPreferencesLater_TakesEffectOnTheNextPage()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Accept all"));
        await GotoAsync(page, Shop("/products/tote-bag"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        CollectionAssert.Contains((await CookieNamesAsync(page)).ToList(), "_sa_id");

        await GotoAsync(page, Shop("/cookie-settings"));
        // Preselected to the visitor's own choice: everything was accepted.
        await Assertions.Expect(page.Locator("#cc-category-analytics-yes")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-marketing-yes")).ToBeCheckedAsync();
        await page.Locator("#cc-category-analytics-no").CheckAsync();
        await SubmitAsync(page, Button(page, "Save cookie settings"));

        Assert.AreEqual(Shop("/cookie-settings"), page.Url);
        await Assertions.Expect(Confirmation(page)).ToContainTextAsync("You've saved your cookie settings.");
        await Assertions.Expect(page.Locator("#cc-category-analytics-no")).ToBeCheckedAsync();
        await GotoAsync(page, Shop("/"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.AreEqual(0, await AnalyticsSnippet(page).CountAsync(), "analytics withdrawn");
        await Assertions.Expect(MarketingPixel(page)).ToHaveCountAsync(1);
        var cookies = await CookieNamesAsync(page);
        CollectionAssert.DoesNotContain(cookies.ToList(), "_sa_id", "the withdrawn category's cookie is expired");
        CollectionAssert.Contains(cookies.ToList(), "ads_id");

        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToHaveAttributeAsync("data-allowed", "no");
        await Assertions.Expect(page.Locator("tr[data-category=analytics]")).ToContainTextAsync("You refused it.");
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToContainTextAsync("You allowed it.");
        await Assertions.Expect(page.Locator("#privacy-expiry")).Not.ToContainTextAsync("not made a choice");
    }

    [TestMethod]
    public async Task CookieSettings_OfferTheConsentRecordAsADownload()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/cookie-settings"));
        Assert.AreEqual(0, await page.Locator("a.cc-receipt__link").CountAsync(), "no record before any choice");
        await page.Locator("#cc-category-analytics-no").CheckAsync();
        await page.Locator("#cc-category-marketing-yes").CheckAsync();
        await page.Locator("#cc-category-preferences-no").CheckAsync();
        await SubmitAsync(page, Button(page, "Save cookie settings"));

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.cc-receipt__link").ClickAsync());

        // The SDK's own download: the same ISO/IEC TS 27560 document as the consent server's, in the words shown.
        using var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(await download.PathAsync(), CancellationToken));
        var records = json.RootElement.GetProperty("records");
        Assert.AreEqual(1, records.GetArrayLength());
        var record = records[0];
        Assert.AreEqual(1, record.GetProperty("policyVersion").GetInt32());
        Assert.IsFalse(record.GetProperty("choices").GetProperty("analytics").GetBoolean());
        Assert.IsTrue(record.GetProperty("choices").GetProperty("marketing").GetBoolean());
        Assert.AreEqual(("save", "sdk-preferences", "en"),
            (record.GetProperty("control").GetString(), record.GetProperty("surface").GetString(), record.GetProperty("language").GetString()));
        Assert.IsTrue(record.GetProperty("notice").GetProperty("reproduced").GetBoolean());

        var readable = await page.RunAndWaitForDownloadAsync(() => page.Locator("a.cc-receipt__page-link").ClickAsync());
        StringAssert.EndsWith(readable.SuggestedFilename, ".html");
        var file = await page.Context.NewPageAsync();
        await file.SetContentAsync(await File.ReadAllTextAsync(await readable.PathAsync(), CancellationToken));
        await Assertions.Expect(file.Locator(".cc-record__choices tbody tr", new() { HasText = "Analytics" })).ToContainTextAsync("Refused");
        await Assertions.Expect(file.Locator(".cc-record__choices tbody tr", new() { HasText = "Marketing" })).ToContainTextAsync("Allowed");
    }

    [TestMethod]
    public async Task HideThisMessage_RemovesTheConfirmationWithoutScript()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Shop("/products/notebook"));
        await SubmitAsync(page, Button(page, "Reject all"));
        await Assertions.Expect(Confirmation(page)).ToBeVisibleAsync();

        await SubmitAsync(page, Button(page, "Hide this message"));

        Assert.AreEqual(Shop("/products/notebook"), page.Url);
        await Assertions.Expect(Confirmation(page)).ToHaveCountAsync(0);
        await Assertions.Expect(Banner(page)).ToHaveCountAsync(0);
    }

    [TestMethod]
    public async Task GermanVisitor_GetsGermanBannerAndLangAttribute()
    {
        var page = await NewPageAsync(locale: "de-DE");
        await GotoAsync(page, Shop());

        Assert.AreEqual("de", await page.Locator("html").GetAttributeAsync("lang"));
        await Assertions.Expect(Button(page, "Alle akzeptieren")).ToBeVisibleAsync();
        await Assertions.Expect(Button(page, "Alle ablehnen")).ToBeVisibleAsync();
    }

    private static void AssertOnlyNecessaryCookies(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            Assert.IsTrue(NecessaryCookie.IsMatch(name), $"cookie '{name}' is not strictly necessary (cookies: {string.Join(", ", names)})");
        }
    }
}
