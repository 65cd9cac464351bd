using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// What a visitor sees at the edges, in Chromium with JavaScript off: a form posted by a browser that keeps no cookies
/// (or whose cookies were cleared after the page loaded) gets a page in its language, never raw JSON; the shop's
/// unknown pages get a 404 page in its layout; both servers serve a favicon; the hosted page offers Accept all and
/// Reject all.
/// </summary>
[TestClass]
public sealed class EdgeAnswersTests : BrowserTest
{
    [TestMethod]
    public async Task BannerPost_AfterTheCookiesWereCleared_AnswersAPageInTheVisitorsLanguage_WithAWayBack()
    {
        var page = await NewPageAsync(locale: "de-DE");
        await GotoAsync(page, Shop("/products/tea-mug"));
        await page.Context.ClearCookiesAsync();

        var answer = await SubmitAsync(page, Banner(page).Locator("button[value=accept-all]"));

        Assert.AreEqual(400, answer.Status);
        StringAssert.StartsWith(await answer.HeaderValueAsync("content-type"), "text/html");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Ihre Wahl wurde nicht gespeichert");
        await Assertions.Expect(page.Locator(".cc-error")).ToContainTextAsync("Ihr Browser speichert keine Cookies");
        CollectionAssert.DoesNotContain((await CookieNamesAsync(page)).ToList(), "cc_consent");

        await page.Locator("main a").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.AreEqual(Shop("/products/tea-mug"), page.Url, "back where the visitor was");
    }

    [TestMethod]
    public async Task BrowserThatRefusesCookies_IsToldItsChoiceCannotBeRemembered_OnTheShopAndTheHostedPage()
    {
        var page = await NewCookielessPageAsync();

        await GotoAsync(page, Shop("/"));
        var shopAnswer = await SubmitAsync(page, Banner(page).Locator("button[value=reject-all]"));

        Assert.AreEqual(400, shopAnswer.Status);
        await Assertions.Expect(page.Locator(".cc-error")).ToHaveTextAsync(
            "Your browser does not keep cookies, so your choice cannot be remembered. Nothing is tracked with cookies either, because your browser keeps none.");
        Assert.DoesNotContain("\"status\"", await page.ContentAsync(), "no problem-details JSON for a visitor");
        Assert.IsEmpty(await page.Context.CookiesAsync());

        await GotoAsync(page, Hosted());
        var hostedAnswer = await SubmitAsync(page, Button(page, "Accept all"));

        Assert.AreEqual(400, hostedAnswer.Status);
        await Assertions.Expect(page.Locator(".cc-error")).ToContainTextAsync("Your browser does not keep cookies");
        Assert.IsEmpty(await page.Context.CookiesAsync());
    }

    [TestMethod]
    public async Task HostedPreferences_RejectAll_IsOfferedBesideSave_AndRecordsTheRefusal()
    {
        var page = await NewPageAsync();
        await GotoAsync(page, Hosted());
        await Assertions.Expect(Button(page, "Save cookie settings")).ToBeVisibleAsync();
        await Assertions.Expect(Button(page, "Accept all")).ToBeVisibleAsync();

        await SubmitAsync(page, Button(page, "Reject all"));

        await GotoAsync(page, Hosted());
        await Assertions.Expect(page.Locator("#cc-category-analytics-no")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#cc-category-marketing-no")).ToBeCheckedAsync();
    }

    [TestMethod]
    public async Task UnknownShopPage_Answers404WithAPageInTheLayout()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync(Shop("/no-such-page")) ?? throw new AssertFailedException("no response");

        Assert.AreEqual(404, response.Status);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator("header.shop-header")).ToBeVisibleAsync();
        await Assertions.Expect(Banner(page)).ToBeVisibleAsync();
        await page.Locator("main a", new() { HasText = "Back to the products" }).ClickAsync();
        Assert.AreEqual(Shop("/"), page.Url);
    }

    [TestMethod]
    public async Task BothServers_ServeAFavicon()
    {
        var page = await NewPageAsync();

        foreach (var url in new[] { Shop("/favicon.ico"), BrowserEnvironment.ServerUrl + "/favicon.ico" })
        {
            var icon = await page.Context.APIRequest.GetAsync(url);
            Assert.AreEqual(200, icon.Status, url);
            Assert.AreEqual("image/x-icon", icon.Headers["content-type"], url);
            var body = await icon.BodyAsync();
            CollectionAssert.AreEqual(new byte[] { 0, 0, 1, 0 }, body[..4], $"{url} is an ICO file");
        }
    }

    /// <summary>
    /// A page whose browser keeps no cookies: every answer reaches it without <c>Set-Cookie</c>, and nothing is ever in
    /// its cookie jar to send.
    /// </summary>
    private async Task<IPage> NewCookielessPageAsync()
    {
        var page = await NewPageAsync();
        var context = page.Context;
        await context.RouteAsync("**/*", async route =>
        {
            var response = await route.FetchAsync(new() { MaxRedirects = 0 });
            // The fetch itself goes through the context's cookie jar: empty it again before the browser sees the answer.
            await context.ClearCookiesAsync();
            var headers = response.Headers
                .Where(h => !h.Key.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(h => h.Key, h => h.Value);
            await route.FulfillAsync(new() { Response = response, Headers = headers });
        });
        return page;
    }
}
