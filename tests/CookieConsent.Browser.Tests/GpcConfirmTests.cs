using CookieConsent.Browser.Tests.Infrastructure;

namespace CookieConsent.Browser.Tests;

/// <summary>
/// "Accept all" while the browser sends Global Privacy Control, JavaScript off: the banner says beforehand that the
/// signal will be honoured, the post leads to the confirm step, and declining it keeps the refusal.
/// </summary>
[TestClass]
public sealed class GpcConfirmTests : BrowserTest
{
    [TestMethod]
    public async Task AcceptAllWithGpc_KeepingTheRefusal_MarketingStaysRefusedWithoutTheSignal()
    {
        var page = await NewPageAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });
        await GotoAsync(page, Shop());
        await Assertions.Expect(page.Locator("#cc-banner-gpc-accept-all")).ToContainTextAsync("“Accept all” does not allow these categories");
        var step = await SubmitAsync(page, Button(page, "Accept all"));
        Assert.AreEqual("POST", step.Request.Method, "the confirm step is the post's own answer, not a redirect");
        await Assertions.Expect(page.Locator(".cc-gpc-conflict")).ToContainTextAsync("Marketing");
        await Assertions.Expect(Button(page, "Allow despite the signal")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Keep them refused", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        await StopSendingGpcAsync(page);
        await GotoAsync(page, Shop("/products/tea-mug"));
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.AreEqual(0, await MarketingPixel(page).CountAsync(), "marketing without a confirmation");
        await Assertions.Expect(AnalyticsSnippet(page)).ToHaveCountAsync(1);
        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "no");
    }

    [TestMethod]
    public async Task AcceptAllWithGpc_Confirmed_MarketingIsAllowedOnceTheSignalIsGone()
    {
        var page = await NewPageAsync(new Dictionary<string, string> { ["Sec-GPC"] = "1" });
        await GotoAsync(page, Shop());
        await SubmitAsync(page, Button(page, "Accept all"));
        var confirmed = await SubmitAsync(page, Button(page, "Allow despite the signal"));
        Assert.AreEqual(200, confirmed.Status);

        await StopSendingGpcAsync(page);
        await GotoAsync(page, Shop("/privacy"));
        await Assertions.Expect(page.Locator("tr[data-category=marketing]")).ToHaveAttributeAsync("data-allowed", "yes");
        await GotoAsync(page, Shop("/products/tea-mug"));
        await Assertions.Expect(MarketingPixel(page)).ToHaveCountAsync(1);
    }

    // The signal was set on the browser context: a page-level empty set would only add nothing to it.
    private static Task StopSendingGpcAsync(IPage page) => page.Context.SetExtraHTTPHeadersAsync(new Dictionary<string, string>());
}
